from .case_studies import CaseStudyDocument as CaseStudyDocument
from .case_studies import CaseStudyImage as CaseStudyImage
from .case_studies import CaseStudyPage as CaseStudyPage
from .case_studies import CaseStudyTag as CaseStudyTag
from .case_studies import EvidenceStage as EvidenceStage
from .case_studies import Outcome as Outcome
from .curation import FeaturedPractice as FeaturedPractice
from .curation import PracticeCollection as PracticeCollection
from .curation import PracticeCollectionItem as PracticeCollectionItem
from .curation import PracticeIndexCollection as PracticeIndexCollection
from .curation import PracticeIndexPage as PracticeIndexPage
from .student_evidence import StudentEvidence, student_shares  # noqa: F401
from .update_feedback import FeedbackSection, UpdateFeedback  # noqa: F401
from .update_reviews import (  # noqa: F401
    AnnualReview,
    AssessorReviewTask,
    DevelopmentTarget,
    ReminderKind,
    ReviewOutcome,
    ReviewSectionText,
    UpdateReminder,
)
from .updates import (  # noqa: F401
    AnnualUpdatePage,
    ElementMapping,
    ElementProgress,
    RatingScale,
    ResearchStep,
    StepStatus,
    UpdateStatus,
    UpdateTarget,
)
