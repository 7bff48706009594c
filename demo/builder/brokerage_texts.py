"""Words for the demo's brokerage records: SLEs' track records, the teams schools offer, notes on
needs, reasons and reports. Each text is put together from parts, so 3,000 SLEs do not all say
the same thing."""
from brokerage.models import CurrentRole

ROLE_TITLES = {
    CurrentRole.SENIOR_LEADER: ("deputy headteacher", "assistant headteacher"),
    CurrentRole.MIDDLE_LEADER: ("head of {subject}", "{subject} lead", "phase leader"),
    CurrentRole.SENCO: ("SENCO",),
    CurrentRole.BUSINESS_LEADER: ("school business leader",),
    CurrentRole.OTHER_LEADER: ("director of learning", "head of year", "curriculum leader"),
}
ACHIEVEMENTS = [
    "raised the proportion of pupils at the expected standard in {subject} from {a}% to {b}% in two years",
    "rebuilt the {subject} curriculum so that it is sequenced from Year {y} upwards",
    "led the school's work on {subject} that inspectors singled out in the last inspection",
    "coached {n} early career teachers in {subject}, all of whom stayed in teaching",
    "introduced half-termly assessment in {subject} that staff now use to plan",
    "halved the gap between disadvantaged pupils and their peers in {subject}",
]
CONTEXTS = [
    "and has supported {n} schools in the local authority since",
    "and now leads the {subject} network for the alliance's schools",
    "and has presented the approach at the alliance's conference",
    "and has mentored middle leaders at two partner schools",
    "working with a team of {n} teachers",
    "while teaching a full timetable",
]
TEAMS = [
    "the {subject} team", "our {subject} lead", "the {subject} department", "the senior leadership team",
    "our {subject} specialists", "the {subject} working group",
]
NEED_NOTES = [
    "", "", "",
    "Our last inspection asked us to strengthen this.",
    "New leader in post since September: would value a coach.",
    "Ideally someone who has worked in a school like ours.",
    "Half days suit us best, on Tuesdays or Thursdays.",
    "Linked to our school development plan priority for this year.",
]
ASSESSMENT_REASONS = [
    "Strong evidence of impact beyond their own classroom.",
    "Clear record of leading change, with outcomes to show for it.",
    "Well evidenced; the references were consistent with the application.",
]
NOT_DESIGNATED_REASONS = [
    "The evidence shows strong classroom practice but not yet leading change in other teachers' practice.",
    "The application gives no outcomes beyond the candidate's own classes; we would welcome it again next year.",
    "The areas of expertise chosen are not yet supported by the evidence given.",
]
CONSENT_REFUSED_REASONS = [
    "We need them in school this year while we open a new phase.",
    "Not this year: they have just taken on a new leadership role here.",
]
END_REASONS = [
    "Moved to a headship, so no longer eligible.",
    "Left the school to work abroad.",
    "Asked to step down to take on a larger role in school.",
    "Not deployed for two years; the designation was not renewed.",
]
RELEASE_REFUSED = [
    "We cannot spare them this term: an inspection is due.",
    "They are covering a colleague's leave until the spring.",
    "Their days this year are already committed to our own improvement plan.",
]
CANCEL_REASONS = [
    "The school found support within its trust instead.",
    "The new headteacher wants to review priorities first.",
    "Dates could not be agreed this term.",
]
OBJECTIVES = [
    "Leaders of {area} plan a sequenced curriculum and check how well it is taught.",
    "Teachers use one agreed approach to {area}, checked in learning walks each half term.",
    "Improve {area} so that the school's own data shows pupils catching up by the summer.",
]
SUCCESS = [
    "The school's leaders can show the change in pupils' work and in their own monitoring.",
    "Agreed measures, reviewed with the receiving school at each progress review, move as planned.",
]
REVIEW_NOTES = {
    "on_track": ["Sessions held as planned; leaders now run the monitoring themselves.",
                 "Good start: the action plan is agreed and staff training has begun."],
    "concerns": ["Two sessions postponed because of staff absence; dates rearranged.",
                 "Progress slower than hoped; the plan is narrowed to the two priorities that matter most."],
    "off_track": ["The receiving school's leader has been away; the work paused for three weeks."],
}
REPORTS = [
    "Leaders now check {area} each half term, and pupils' work shows the agreed approach in every class.",
    "The school's own assessment in {area} rose from {a}% to {b}% at the expected standard.",
    "Staff share one approach to {area}; the leader in post now trains new staff in it.",
]
IMPACT_COMMENTS = ["Exactly what we needed, and it has lasted.", "Helpful; we would ask for them again.",
                   "Good support, though it took a while to get going.", ""]
SUBJECTS = ["reading", "maths", "English", "science", "phonics", "behaviour", "attendance", "SEND", "assessment", "the curriculum"]


def subject_of(area_name):
    """A short word for the area, to drop into a sentence."""
    lowered = area_name[0].lower() + area_name[1:]
    return lowered if len(lowered) <= 30 else lowered.split(" and ")[0]


def track_record(rng, role, years, area_names):
    subject = subject_of(rng.choice(area_names))
    title = rng.choice(ROLE_TITLES.get(role, ("leader",))).format(subject=subject)
    a = rng.randint(45, 70)
    achievement = rng.choice(ACHIEVEMENTS).format(subject=subject, a=a, b=a + rng.randint(8, 22), y=rng.randint(1, 7), n=rng.randint(3, 9))
    context = rng.choice(CONTEXTS).format(subject=subject, n=rng.randint(2, 8))
    return f"As {title} for {years} years I {achievement}, {context}."


def team(rng, area_name):
    return rng.choice(TEAMS).format(subject=subject_of(area_name))
