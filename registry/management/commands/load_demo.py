"""Load the demo: a synthetic national dataset, imported through the real GIAS and Ofsted
import path, plus a few partner organisations and demo accounts. Does nothing if schools exist."""
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Affiliation, User
from registry.models import Organisation, School

DEMO_PASSWORD = "demo-password-2026"

PARTNERS = [
    (Organisation.Kind.UNIVERSITY, "University of Northfield School of Education", "North West"),
    (Organisation.Kind.UNIVERSITY, "Southgate University Institute of Teaching", "South East"),
    (Organisation.Kind.UNIVERSITY, "Midshire University Centre for Teacher Education", "West Midlands"),
    (Organisation.Kind.PRIVATE_PROVIDER, "Brightpath Leadership Training Ltd", "London"),
    (Organisation.Kind.PRIVATE_PROVIDER, "Coastline Education Consultancy", "South West"),
]


class Command(BaseCommand):
    help = "Load demo data (synthetic national schools and inspections) unless schools are already loaded."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--open", type=int, default=24000, help="open state-funded schools to generate")
        parser.add_argument("--closed", type=int, default=2000, help="closed establishments to generate")

    def handle(self, *args, seed, open, closed, **options):
        if School.objects.exists():
            self.stdout.write("Schools are already loaded; the demo data was left as it is.")
            return
        folder = settings.VAR_DIR / "demo-data"
        folder.mkdir(parents=True, exist_ok=True)
        call_command("generate_national_data", output=str(folder), seed=seed, open=open, closed=closed, stdout=self.stdout)
        call_command("import_gias", folder / "edubasealldata.csv", stdout=self.stdout)
        call_command("import_gias_links", folder / "links_edubasealldata.csv", stdout=self.stdout)
        for name in ("ofsted_latest_inspections_2024-08-31.csv", "ofsted_latest_inspections_2026-06-30.csv"):
            call_command("import_ofsted", folder / name, stdout=self.stdout)
        self._partners_and_people()

    @transaction.atomic
    def _partners_and_people(self):
        for kind, name, region in PARTNERS:
            Organisation.objects.get_or_create(kind=kind, name=name, defaults={"region": region})
        school = School.objects.open().state_funded().filter(at_least_good=True, phase="Secondary").first()
        trust = Organisation.objects.filter(kind=Organisation.Kind.ACADEMY_TRUST).order_by("code").first()
        people = [
            ("leader@demo.example", "Alex Morgan", Affiliation.Role.LEADER, {"school": school}),
            ("business.manager@demo.example", "Sam Patel", Affiliation.Role.BUSINESS_MANAGER, {"school": school}),
            ("trust.staff@demo.example", "Jo Williams", Affiliation.Role.STAFF, {"organisation": trust}),
        ]
        for email, full_name, role, body in people:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
            if next(iter(body.values())) is not None:
                Affiliation.objects.create(user=user, role=role, **body)
        User.objects.create_superuser("admin@demo.example", DEMO_PASSWORD, full_name="Demo administrator")
        self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD}): " + ", ".join(p[0] for p in people) + ", admin@demo.example")
