"""Static reference data: SLE areas of expertise, specialisms by phase, the partner
organisations entered by people, and network themes and resources."""
from registry.models import Organisation

# The 27 areas of expertise of specialist leaders of education (SLEs), grouped by Ofsted focus.
# Source: ../shared/data/reference/sle_areas_of_expertise.csv (copied here so nothing outside the
# project is read at run time).
SLE_AREAS = (
    # Leadership and management
    "Academies and academy transition",
    "Assessment",
    "Leadership of continuing professional development",
    "School business management and financial management",
    "Leadership of curriculum",
    # Pupil achievement
    "Art",
    "Closing the gap",
    "Drama",
    "Design and technology",
    "Early years",
    "English",
    "Geography",
    "History",
    "Information and communication technology",
    "Maths",
    "Modern foreign languages",
    "Music",
    "Phonics",
    "Physical education",
    "Personal, social and health education",
    "Religious education",
    "Science",
    "Special educational needs",
    "Support for the most able pupils",
    # Quality of teaching
    "Initial teacher training and newly qualified teacher development",
    # Behaviour and safety
    "Behaviour and discipline",
    "Attendance",
)
PHASE_SPECIALISMS = {
    "Primary": ("Phonics", "Early years", "Maths", "English"),
    "Secondary": ("Maths", "Science", "English", "Modern foreign languages"),
    "Nursery": ("Early years",),
}

# Partners that are entered by people, not imported: fictional universities and private
# providers, as the schools are. (kind, name, region; an empty region works nationally.)
UNIVERSITY, PRIVATE = Organisation.Kind.UNIVERSITY, Organisation.Kind.PRIVATE_PROVIDER
PARTNER_ORGANISATIONS = (
    (UNIVERSITY, "University of Northfield School of Education", "North West"),
    (UNIVERSITY, "Southgate University Institute of Teaching", "South East"),
    (UNIVERSITY, "Midshire University Centre for Teacher Education", "West Midlands"),
    (PRIVATE, "Brightpath Leadership Training Ltd", "London"),
    (PRIVATE, "Coastline Education Consultancy", "South West"),
    (UNIVERSITY, "University of Tyneford School of Education", "North East"),
    (UNIVERSITY, "Wearmouth University Institute for Teaching", "North East"),
    (UNIVERSITY, "Mersey Bank University Faculty of Education", "North West"),
    (UNIVERSITY, "University of Pendle and Ribble", "North West"),
    (UNIVERSITY, "University of Airedale School of Education", "Yorkshire and the Humber"),
    (UNIVERSITY, "Humberside Metropolitan University", "Yorkshire and the Humber"),
    (UNIVERSITY, "Don Valley University Centre for Teacher Education", "Yorkshire and the Humber"),
    (UNIVERSITY, "University of Sherwood Institute of Education", "East Midlands"),
    (UNIVERSITY, "Trent Vale University School of Teacher Education", "East Midlands"),
    (UNIVERSITY, "Soar Valley University", "East Midlands"),
    (UNIVERSITY, "University of Severnside Faculty of Education", "West Midlands"),
    (UNIVERSITY, "Black Country Metropolitan University", "West Midlands"),
    (UNIVERSITY, "Fenland University School of Education", "East of England"),
    (UNIVERSITY, "University of the Chiltern Vale", "East of England"),
    (UNIVERSITY, "Colne University Institute of Education", "East of England"),
    (UNIVERSITY, "Thameside Metropolitan University School of Education", "London"),
    (UNIVERSITY, "Lea Valley University Institute of Teaching", "London"),
    (UNIVERSITY, "Wandle University Centre for Urban Education", "London"),
    (UNIVERSITY, "University of the Weald Faculty of Education", "South East"),
    (UNIVERSITY, "Solent Shore University", "South East"),
    (UNIVERSITY, "University of Exmoor Faculty of Education", "South West"),
    (UNIVERSITY, "Avon Gorge University School of Teacher Education", "South West"),
    (UNIVERSITY, "Tamar University", "South West"),
    (PRIVATE, "Northern Lights Leadership Ltd", "North East"),
    (PRIVATE, "Pennine Curriculum Consultants", "North West"),
    (PRIVATE, "Quayside Training and Development", "North West"),
    (PRIVATE, "Ridings Maths Consultancy Ltd", "Yorkshire and the Humber"),
    (PRIVATE, "Castlegate Safeguarding Training", "East Midlands"),
    (PRIVATE, "Forest Edge Early Years Training", "West Midlands"),
    (PRIVATE, "Broadland Governance Services", "East of England"),
    (PRIVATE, "Open Page Literacy Ltd", "London"),
    (PRIVATE, "Evergreen SEND Consultancy", "South East"),
    (PRIVATE, "Ridgeway Behaviour Support", "South West"),
    (PRIVATE, "Chalkboard Professional Learning", ""),
    (PRIVATE, "Keystone Coaching Partners", ""),
    (PRIVATE, "Bursar Plus School Business Services", ""),
    (PRIVATE, "Clearview Assessment and Data Ltd", ""),
    (PRIVATE, "Mentor Matters Ltd", ""),
    (PRIVATE, "Horizon School Improvement Ltd", ""),
)

NETWORK_THEMES = (
    "Early Reading", "Maths", "Special Educational Needs", "Leadership", "Teacher Training", "Science",
    "Rural and Small Schools", "Church Schools", "Curriculum", "Early Career Teachers", "Behaviour and Attendance",
    "Research", "Coastal Schools",
)
# Themes that would make no sense in a region: London has no coast and few rural schools.
THEMES_NOT_IN = {
    "London": ("Coastal Schools", "Rural and Small Schools"),
    "West Midlands": ("Coastal Schools",),
}
# (title, last part of the link, description)
NETWORK_RESOURCES = (
    ("Mentor training handbook", "mentor-handbook",
     "The handbook every school-based mentor uses, with observation templates."),
    ("Shared CPD calendar", "cpd-calendar",
     "Every course and network meeting run by the network's alliances this year."),
    ("Deploying a specialist leader of education", "sle-deployment",
     "How to ask for, agree and review a deployment."),
    ("Early reading audit", "early-reading-audit",
     "A self-review of phonics teaching, with the network's moderation notes."),
    ("Trainee placement agreement", "placement-agreement",
     "The template agreement between a host school and the alliance."),
    ("Writing moderation exemplars", "writing-moderation",
     "Annotated pieces of pupils' writing, agreed across the network."),
    ("Leadership programme reading list", "leadership-reading",
     "What participants read before each session."),
    ("Provision map template", "provision-map",
     "A shared template for mapping support for pupils with special educational needs."),
)
