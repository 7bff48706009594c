"""Text templates: evidence, Council decisions, ethos and descriptions, responsibilities,
governance, memoranda, requests and reasons for leaving."""
from alliances.models import DeliveryArea

ITT_EVIDENCE = (
    "Leads a School Direct partnership that recruits {n} trainees a year; most are employed in partner schools.",
    "Has hosted and co-ordinated placements for {n} trainees a year since {year}, with its university partner.",
    "Runs the salaried route for {n} trainees a year and trains the mentors in its partner schools.",
)
SUPPORT_EVIDENCE = (
    "Its senior leaders supported {n} schools out of an Ofsted category between {year} and now.",
    "Deploys {n} specialist leaders of education; every supported school improved its next inspection outcome.",
    "Leads a cluster of {n} schools in joint moderation and subject networks, and brokers support within it.",
)
HEADTEACHER_EVIDENCE = (
    "The headteacher has led the school for {n} years and is a national leader of education.",
    "The headteacher has {n} years' headship experience across two schools and coaches new heads.",
    "The headteacher has led the school for {n} years and chairs the local headteachers' association.",
)
APPROVAL_REASONS = (
    "All five criteria met.",
    "All five criteria met; strong evidence of school-to-school support.",
    "All five criteria met; a well-established initial teacher training partnership.",
)
DECLINE_REASONS = (
    "The evidence on initial teacher training describes placements only: the school has not yet led "
    "training for trainees. Apply again once it has led a full year of initial teacher training.",
    "The school has not yet supported another school to improve; the evidence describes an informal "
    "network only. Apply again with the outcomes of a supported school.",
    "The headteacher has been in post for under two years; the Council needs evidence of sustained "
    "leadership of the school.",
)
NOT_GOOD_REASON = (
    "The school is not at least Good at its most recent inspection (criterion 1), so it cannot be designated."
)

ETHOS_BY_FAITH = {
    "Church of England": "Rooted in the Christian values of our church schools: every child and every adult is "
    "known, loved and able to flourish. We work closely with {diocese}.",
    "Roman Catholic": "Inspired by the Gospel and by Catholic social teaching, we serve the common good and the "
    "formation of the whole child, in partnership with {diocese}.",
    "Church of England/Methodist": "An ecumenical alliance of Anglican and Methodist schools: hospitality, "
    "service and hope, in partnership with {diocese}.",
    "Methodist": "In the Methodist tradition of service and inclusion, we welcome schools of every faith and none.",
    "Christian": "Christian values of love, service and forgiveness shape how we work with every partner school.",
    "Jewish": "Shaped by Jewish values of learning, community and repairing the world, and open to every school.",
    "Muslim": "Guided by Islamic values of knowledge, compassion and justice, and open to every school.",
    "Sikh": "Guided by the Sikh values of equality, service and honest work, and open to every school.",
    "Hindu": "Guided by Hindu values of respect, service and the pursuit of knowledge, and open to every school.",
}
ETHOS = (
    "Schools improve schools: we share what works, openly and without charge for advice.",
    "Every child deserves a great teacher. We grow our own teachers and leaders, and keep them in our schools.",
    "A partnership of equals: every member school both gives and receives support.",
    "Inclusive by design: what works for pupils with special educational needs works for every pupil.",
    "Research-informed practice, tested in our classrooms and shared with every member school.",
    "Small schools, big ambitions: we pool expertise so that no school and no teacher works alone.",
)
DESCRIPTION_ENDINGS = (
    "Together we train new teachers, develop leaders at every stage and support schools that need help to improve.",
    "We run a School Direct programme, a leadership programme for middle and senior leaders, and a termly CPD "
    "calendar.",
    "Our specialist leaders of education work alongside colleagues in member schools for a term at a time.",
    "We broker school-to-school support with the local authority and share a calendar of subject networks.",
)
LEAD_RESPONSIBILITIES = {
    DeliveryArea.ITT: "initial teacher training, with the alliance's university partners",
    DeliveryArea.CPD: "CPD and leadership development, including the alliance's leadership programmes",
    DeliveryArea.SCHOOL_SUPPORT: "school-to-school support, deploying specialist leaders of education",
}
DELIVERER_RESPONSIBILITIES = {
    "university": (
        "Initial teacher training: the postgraduate route, trainee assessment and recommendation for QTS.",
        "Mentor training for school-based trainers, and quality assurance of trainee placements.",
        "Masters-level modules for teachers in their first five years.",
        "Research and evaluation of the alliance's school-to-school support.",
    ),
    "private": (
        "National professional qualifications in senior leadership and headship.",
        "The middle leadership development programme.",
        "Coaching for new and acting headteachers.",
        "School business management and finance training.",
        "Governor training and clerking development.",
    ),
    "trust": (
        "School-to-school support for the trust's schools and their neighbours.",
        "Early career teacher induction across the trust's schools.",
        "Secondary subject networks in maths and science.",
    ),
    "local_authority": (
        "Brokering school-to-school support for maintained schools in the authority.",
        "Safeguarding and special educational needs training for the alliance's schools.",
        "Induction of early career teachers, as appropriate body.",
    ),
    "diocese": (
        "Religious education and collective worship training for church schools.",
        "Leadership development for church school leaders, including inspection preparation.",
    ),
    "school": (
        "Specialist leaders of education in {area}.",
        "Subject knowledge enhancement in {area} for trainees.",
        "Training placements and {area} expertise.",
    ),
}
GOVERNANCE = (
    "A strategic board of the headteachers of the lead schools meets every half term and decides by consensus; "
    "each lead school chairs it for a year in turn.",
    "A steering group of the lead schools' headteachers and a representative of the member schools meets "
    "termly. The business managers of the lead schools hold the alliance's budget jointly.",
    "The lead schools' governing boards each appoint one governor to an alliance committee, which agrees the "
    "annual plan and budget and reviews progress against the success criteria.",
)
SUCCESS_CRITERIA = (
    "At least 90% of trainees recommended for QTS",
    "Every member school takes part in at least one CPD programme a year",
    "Supported schools improve at their next inspection",
    "Half of the alliance's trainees employed in member schools",
)
MEMORANDUM_TEXT = (
    "Memorandum of understanding between {name} and its member schools.\n\n"
    "1. The alliance will offer every member school places on its CPD and leadership programmes, broker "
    "school-to-school support when a member asks for it, and publish its training calendar each term.\n"
    "2. Each member school will host trainees on placement when it can, release staff to share their "
    "expertise, and take part in the alliance's annual review.\n"
    "3. {fee}\n"
    "4. Either party may end membership at the end of a school year, with a term's notice."
)
MEMORANDUM_UPDATE = (
    "\n5. Added in version 2: early career teacher induction, and sharing assessment data for moderation."
)
REQUEST_MESSAGES = (
    "We would like our staff to join your leadership programmes, and we can host trainees.",
    "Our new headteacher would value support with curriculum development; we have strengths in early reading to share.",
    "We are looking for a partnership to train new teachers with; several of our staff would make good mentors.",
    "We would like to be part of a wider network of schools for moderation and subject networks.",
)
LEAVING_REASONS = (
    "Did not renew its membership",
    "Joined a trust with its own training programme",
    "Left at the end of the school year",
)
