from .update_reviews import (  # noqa: F401
    AnnualReview,
    AssessorReviewTask,
    DevelopmentTarget,
    ReminderKind,
    ReviewOutcome,
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
