"""The inclusion topics of demo case studies: each with titles, tags, elements and its own
sentence pools for every section. Placeholders ({year}, {role}, {low}...) are filled per text
by demo.practice.figures.
"""

# topic key -> title, tags, elements (default framework numbers), and the topic's pools.
TOPICS = {
    "autism_transition": {
        "titles": [
            "Transition passports for autistic pupils moving to {year}",
            "Making the move to secondary school predictable for autistic pupils",
            "Visual transition books and visits for pupils with autism",
        ],
        "tags": ["autism", "transition", "SEND"],
        "elements": [2, 5, 8],
        "context": [
            "Several autistic pupils found the move to a new class or school overwhelming, and "
            "attendance dipped in the first weeks of {term}.",
            "Parents told us that the unknowns of a new building, new adults and new routines "
            "caused weeks of anxiety before each September.",
            "Our secondary colleagues received little more than a name and a diagnosis, and "
            "had to learn each pupil's needs by trial and error.",
        ],
        "aims": [
            "Every autistic pupil would know the adults, rooms and routines of their new "
            "setting before the first day.",
            "Reduce anxious days and part-time timetables in the first half term.",
            "Give receiving staff a short, pupil-written picture of what helps.",
        ],
        "actions": [
            "Each pupil wrote a one-page passport with their key adult: what I enjoy, what "
            "worries me, what helps me when I am overwhelmed.",
            "We photographed the new classroom, toilets, dining hall and the adults the "
            "pupils would meet, and made each pupil a transition book to read at home.",
            "Pupils made three extra visits in the summer term, one of them at a busy time "
            "so that the noise would not be a surprise.",
            "The {role} met the receiving tutor before the end of July to talk through each "
            "passport.",
        ],
        "impact": [
            "Attendance in the first half term rose from {low}% to {high}% for the pupils "
            "involved.",
            "No pupil in the group needed a part-time timetable, compared with {few} the "
            "year before.",
            "Parents rated the transition {score} out of 10, up from {low_score}.",
        ],
        "not_work": [
            "Posting passports to the secondary school did not work: several went missing, "
            "so now we hand them over in person.",
            "A whole-group visit on the first transition day was too noisy for some pupils; "
            "small groups work better.",
        ],
        "next": [
            "Share the passport template across the cluster.",
            "Extend the approach to pupils moving between key stages within our school.",
        ],
        "key": [
            "Let pupils write the passport in their own words: receiving staff read it.",
            "Start early: the summer term is too late for the most anxious pupils.",
        ],
    },
    "eal": {
        "titles": [
            "Pre-teaching vocabulary for pupils new to English in {year}",
            "Welcoming mid-year arrivals with English as an additional language",
            "Home-language buddies and visual vocabulary for pupils with EAL",
        ],
        "tags": ["EAL", "vocabulary", "new arrivals"],
        "elements": [1, 6, 7],
        "context": [
            "One in {ratio} of our pupils speaks English as an additional language, and many "
            "arrive mid-year with little English.",
            "New arrivals were quiet in lessons for months, and teachers were unsure how to "
            "assess what they already knew.",
            "Pupils with EAL were doing well in mathematics but falling behind in science and "
            "history, where the vocabulary is dense.",
        ],
        "aims": [
            "Help new arrivals take part in whole-class lessons within a term.",
            "Close the vocabulary gap in science for pupils with EAL in {year}.",
        ],
        "actions": [
            "A teaching assistant pre-taught ten key words for ten minutes before each "
            "science lesson, with pictures and gestures.",
            "We assessed each new arrival in their home language where we could, so teachers "
            "knew what they could already do.",
            "Each new arrival was paired with a buddy who shares their home language for the "
            "first six weeks.",
            "Word walls and knowledge organisers now carry images beside every key term.",
        ],
        "impact": [
            "End-of-unit science scores for pupils with EAL rose by {points} points, against "
            "{small} for their classmates.",
            "New arrivals made their first contribution in class after {weeks} weeks on "
            "average, down from {more_weeks}.",
            "Teachers report that pre-taught pupils answer questions they would not have "
            "attempted before.",
        ],
        "not_work": [
            "Word lists sent home were rarely used; short recorded clips worked better.",
            "Withdrawing pupils during the lesson itself meant they missed the content we "
            "were preparing them for.",
        ],
        "next": [
            "Extend pre-teaching to humanities in {year}.",
            "Train every teaching assistant in the approach during {term}.",
        ],
        "key": [
            "Pre-teach, do not withdraw: ten minutes before the lesson beats twenty during it.",
            "Find out what pupils know in their first language before deciding what to teach.",
        ],
    },
    "semh": {
        "titles": [
            "Zones of regulation across the school",
            "Nurture breakfasts for pupils with SEMH needs",
            "A calm space and a plan for pupils who find the day hard",
        ],
        "tags": ["SEMH", "regulation", "nurture"],
        "elements": [2, 4, 5],
        "context": [
            "A small number of pupils with social, emotional and mental health needs were "
            "arriving dysregulated and missing much of the morning.",
            "Incidents at lunchtime had risen, and the same pupils were often involved.",
            "Staff told us they did not share a language for talking with pupils about feelings.",
        ],
        "aims": [
            "Give every class a shared language for feelings and regulation.",
            "Reduce incidents before morning break for the pupils in the nurture group.",
        ],
        "actions": [
            "Every class adopted the zones of regulation, with a check-in after each break.",
            "An ELSA-trained assistant ran a breakfast group for {few} pupils each morning.",
            "We turned a small office into a calm room with a visual timetable and a timer.",
            "Each pupil in the group has a one-page plan agreed with their family.",
        ],
        "impact": [
            "Incidents before break fell from {many} to {few} a half term.",
            "Pupils in the group spent {high}% of the morning in class, up from {low}%.",
            "Staff confidence in supporting regulation rose in our survey.",
        ],
        "not_work": [
            "Inviting parents to the breakfast group at first made it less calm; we now hold "
            "a separate coffee morning.",
            "The calm room was overused at first until we agreed when and how to use it.",
        ],
        "next": [
            "Offer the breakfast group to {year}.",
            "Train lunchtime staff in the same language.",
        ],
        "key": [
            "A shared language only works if every adult uses it, including at lunchtime.",
            "Keep nurture groups small and predictable.",
        ],
    },
    "attendance": {
        "titles": [
            "Reducing persistent absence with early family conversations",
            "Morning phone calls and a warm welcome: improving attendance",
            "Understanding emotionally based school avoidance",
        ],
        "tags": ["attendance", "families", "EBSA"],
        "elements": [2, 8, 9],
        "context": [
            "Persistent absence had risen to {pct}% and was highest among disadvantaged pupils.",
            "Several pupils were anxious about coming to school and families did not know "
            "where to turn.",
            "Letters about attendance were not changing anything and some families felt blamed.",
        ],
        "aims": [
            "Bring persistent absence below {target}% by the end of the year.",
            "Talk with every family whose child's attendance falls below 90% within a week.",
        ],
        "actions": [
            "The {role} phoned families on the first morning of absence, asking how we could "
            "help rather than why the child was away.",
            "We met families of pupils with emotionally based school avoidance to agree a "
            "gradual return plan.",
            "A member of staff greets pupils at the gate each morning by name.",
            "Pupils with the lowest attendance were given a job that starts at 8:45.",
        ],
        "impact": [
            "Persistent absence fell from {pct}% to {lower}% in a year.",
            "{few} of the {many} pupils on return plans are now attending full time.",
            "Families told us they felt listened to for the first time.",
        ],
        "not_work": [
            "Rewards for full attendance made little difference to the pupils we most "
            "wanted to reach.",
            "Standard letters continued to upset families and we have stopped them.",
        ],
        "next": [
            "Share the return-plan template with the cluster.",
            "Look at attendance by lesson in secondary.",
        ],
        "key": [
            "Ask how you can help before asking why the child is away.",
            "Small jobs and a named adult give anxious pupils a reason to arrive.",
        ],
    },
    "phonics": {
        "titles": [
            "Daily phonics catch-up in {year}",
            "Keeping up, not catching up: same-day phonics interventions",
            "Phonics for older pupils who are still learning to read",
        ],
        "tags": ["phonics", "early reading", "KS1"],
        "elements": [1, 6],
        "context": [
            "After the screening check, {few} pupils in {year} still could not blend confidently.",
            "Our older pupils who were still learning to read were given books far too hard "
            "for them.",
            "Interventions took pupils out of the next phonics lesson, so gaps widened.",
        ],
        "aims": [
            "Every pupil who struggles in a lesson gets help the same day.",
            "All pupils in {year} to pass the phonics check.",
        ],
        "actions": [
            "Teaching assistants ran ten-minute keep-up sessions each afternoon for pupils "
            "who struggled that morning.",
            "Reading books were matched to the sounds each pupil knew.",
            "We bought age-appropriate decodable books for pupils in Key Stage 2.",
        ],
        "impact": [
            "The phonics check pass rate rose from {low}% to {high}%.",
            "Every pupil in the keep-up group can now blend for reading.",
        ],
        "not_work": [
            "Sending phonics games home was not taken up; parent workshops were.",
            "Grouping by ability across classes left pupils missing core lessons.",
        ],
        "next": ["Extend keep-up sessions into {year}.", "Run parent workshops each term."],
        "key": [
            "Help on the same day stops small gaps becoming large ones.",
            "Older readers need decodable books that respect their age.",
        ],
    },
    "ta_deployment": {
        "titles": [
            "Rethinking how teaching assistants are deployed",
            "From velcro to independence: teaching assistants and pupils with SEND",
            "Training teaching assistants in scaffolding, not doing",
        ],
        "tags": ["teaching assistants", "SEND", "independence"],
        "elements": [3, 4, 6],
        "context": [
            "Pupils with SEND spent most of their lessons with a teaching assistant and "
            "little time with the teacher.",
            "Teaching assistants were not told the lesson plan until it started.",
        ],
        "aims": [
            "Pupils with SEND get as much teacher time as their classmates.",
            "Teaching assistants scaffold rather than complete work for pupils.",
        ],
        "actions": [
            "Teaching assistants were trained in a scaffolding framework: self-help first, "
            "then prompts, cues and modelling.",
            "Teachers now share plans with assistants the day before in a five-minute briefing.",
            "Assistants rotate around the class so the teacher works with pupils with SEND.",
        ],
        "impact": [
            "Observed teacher time with pupils with SEND doubled.",
            "Pupils with SEND now complete {high}% of independent tasks without adult "
            "help, up from {low}%.",
        ],
        "not_work": [
            "Training without time for planning changed little; the daily briefing did.",
        ],
        "next": ["Share the scaffolding framework across the trust."],
        "key": ["The question is not how many assistants, but how they are used."],
    },
    "pupil_premium": {
        "titles": [
            "Spending the pupil premium on great teaching",
            "Closing the gap for disadvantaged pupils through tutoring",
        ],
        "tags": ["pupil premium", "disadvantage", "tutoring"],
        "elements": [1, 3, 9],
        "context": [
            "The gap between disadvantaged pupils and their peers in reading was {points} "
            "points at the end of Key Stage 2.",
            "Much of our pupil premium was spent on trips and resources with little evaluation.",
        ],
        "aims": ["Halve the reading gap in two years.", "Spend every pound on what works."],
        "actions": [
            "We used the tiered model: teaching first, then targeted support, then wider "
            "strategies.",
            "Small-group tutoring three times a week for pupils in {year} who were behind.",
            "Every disadvantaged pupil was discussed at pupil progress meetings first.",
        ],
        "impact": [
            "The reading gap narrowed from {points} to {small} points.",
            "Tutored pupils made {months} months' more progress than expected.",
        ],
        "not_work": ["One-off enrichment days did not show in attainment."],
        "next": ["Evaluate the tutoring with a comparison group."],
        "key": ["Start with teaching: it helps disadvantaged pupils most."],
    },
    "elsa": {
        "titles": [
            "Emotional literacy support for pupils after bereavement",
            "What our ELSA sessions changed",
        ],
        "tags": ["ELSA", "wellbeing", "SEMH"],
        "elements": [2, 5],
        "context": [
            "A number of pupils had experienced loss and were struggling to manage their "
            "feelings in class.",
            "Referrals to outside services had long waits.",
        ],
        "aims": ["Give pupils a safe weekly space to talk about feelings."],
        "actions": [
            "Two assistants trained as emotional literacy support assistants and run weekly "
            "sessions of six to eight weeks.",
            "Each programme starts with goals agreed with the pupil and teacher.",
        ],
        "impact": [
            "Strengths and difficulties scores improved for {high}% of pupils.",
            "Teachers report pupils returning to class calmer and ready to learn.",
        ],
        "not_work": ["Sessions at the end of the day were often cancelled; mornings work."],
        "next": ["Train a third ELSA for Key Stage 1."],
        "key": ["Protect the time: cancelled sessions undo trust."],
    },
    "behaviour": {
        "titles": [
            "Consistent behaviour routines with relational practice",
            "Reducing removals from lessons with restorative conversations",
        ],
        "tags": ["behaviour", "relationships", "restorative practice"],
        "elements": [2, 3, 5],
        "context": [
            "Removals from lessons had risen and the same pupils were often removed.",
            "Staff applied the behaviour policy differently, which pupils found unfair.",
        ],
        "aims": ["Fewer removals and more time learning for the pupils most at risk."],
        "actions": [
            "We agreed five routines every adult uses, and practised them in training.",
            "Every removal is followed by a short restorative conversation before the next lesson.",
            "Pupils at risk of exclusion have a mentor they see each morning.",
        ],
        "impact": [
            "Removals from lessons fell by {pct}% in {term}.",
            "There were no suspensions in the group this year, against {few} last year.",
        ],
        "not_work": ["Lengthy behaviour contracts were not read by pupils or staff."],
        "next": ["Train lunchtime supervisors in the same routines."],
        "key": ["Consistency and relationships are not alternatives."],
    },
    "parental_engagement": {
        "titles": [
            "Co-producing support plans with families",
            "Coffee mornings that parents of pupils with SEND actually come to",
        ],
        "tags": ["parents", "families", "SEND"],
        "elements": [8, 9],
        "context": [
            "Parents of pupils with SEND told us they felt done to rather than worked with.",
            "Few families came to review meetings and plans were written without them.",
        ],
        "aims": ["Every support plan written with the family and the pupil."],
        "actions": [
            "Review meetings moved to times families chose, online when they preferred.",
            "The {role} runs a monthly coffee morning with a short talk from a specialist.",
            "Plans now start with a page written with the pupil: what matters to me.",
        ],
        "impact": [
            "Attendance at review meetings rose from {low}% to {high}%.",
            "Parent survey: {high}% agree that the school listens to them.",
        ],
        "not_work": ["Evening workshops were poorly attended; drop-ins after school worked."],
        "next": ["Set up a parent forum for SEND."],
        "key": ["Ask families when they can come, then go to them."],
    },
}
