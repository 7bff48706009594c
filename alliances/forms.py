"""Forms for alliance pages, styled for the GOV.UK Design System."""
import re

from django import forms
from django.core.validators import URLValidator

from alliances.finder import SORT_RELEVANCE, FinderQuery, PlaceNotFound, find_place
from alliances.roles import end_date_problems
from alliances.models import Agreement, Alliance, DeliveryArea, MembershipTerms, Network
from registry.filters import SEARCH_MAX_LENGTH
from registry.govuk_forms import GovukDateField, apply_govuk_classes
from registry.models import Organisation, School

# Telephone numbers as people write them: digits, spaces, + and brackets.
PHONE = re.compile(r"[0-9 +()]+")


class GovukForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_govuk_classes(self)


class JoinForm(GovukForm):
    school = forms.ModelChoiceField(queryset=None, label="Which school is asking to join?", empty_label=None)
    message = forms.CharField(
        label="What would your school like from the alliance, and what could it offer?",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class AcceptForm(GovukForm):
    subscription = forms.DecimalField(
        label="Subscription in pounds (0 for free membership)", min_value=0, max_digits=8, decimal_places=2, initial=0
    )
    period = forms.ChoiceField(label="Paid every", required=False, choices=[("", "Not applicable"), *MembershipTerms.Period.choices])
    renewal_due_on = GovukDateField(label="Renewal due on", required=False, help_text="For example, 1 9 2027")

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school

    def clean(self):
        data = super().clean()
        # Checked here as well as by the rule, so the error names the school and leads to the box.
        if data.get("subscription") and not data.get("period"):
            who = self.school.name if self.school else "the school"
            self.add_error("period", f"Choose how often {who} pays its £{data['subscription']:,.2f} subscription")
        return data


class ReasonForm(GovukForm):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}))


class EvidenceForm(GovukForm):
    """The school's answer to the Council during a review; posted as `reason` like the others."""

    reason = forms.CharField(
        label="Your evidence", help_text="What the Council asked for, and how the school meets the criteria now.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class MemorandumForm(GovukForm):
    text = forms.CharField(label="Memorandum of understanding", widget=forms.Textarea(attrs={"rows": 10}))
    # Stated by the leads rather than read from the text, so members' terms can be checked against it.
    fees = forms.ChoiceField(
        label="What does this version say about fees?",
        required=False,
        choices=[("", "It does not say"), ("free", "Membership is free"), ("charged", "Members pay a subscription")],
        help_text="Members whose terms charge a subscription are flagged when the memorandum says membership is free.",
    )
    FEES = {"": None, "free": True, "charged": False}

    @classmethod
    def initial_fees(cls, memorandum):
        return next(key for key, value in cls.FEES.items() if value == (memorandum.membership_is_free if memorandum else None))

    def membership_is_free(self):
        return self.FEES[self.cleaned_data["fees"]]


class SignForm(GovukForm):
    school = forms.ModelChoiceField(queryset=None, label="Sign for", empty_label=None)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class AsAtForm(GovukForm):
    """The alliance as it was on a day (a GET form on its profile)."""

    on = GovukDateField(label="Date", required=False, help_text="For example, 1 9 2023")


class AgreementForm(GovukForm):
    roles_and_responsibilities = forms.CharField(
        label="Roles and responsibilities of each teaching school and deliverer", widget=forms.Textarea(attrs={"rows": 6})
    )
    governance = forms.CharField(label="Governance arrangements", widget=forms.Textarea(attrs={"rows": 4}))
    lead_removal = forms.ChoiceField(
        label="How can a lead school's role end?", choices=Agreement.LeadRemoval.choices, initial=Agreement.LeadRemoval.OWN_DECISION,
        help_text="Once every lead school signs this version, the other lead schools can propose ending a lead's role if it allows.",
    )
    minimum_lead_share = forms.IntegerField(
        label="Minimum share of the alliance's delivery for each lead school (%)", required=False, min_value=0, max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text="Each lead teaching school's share of the alliance's delivery is at least this percentage. "
        "Leave it empty to use the default: half of an equal split between the lead schools.",
    )

    def __init__(self, *args, leads, current=None, **kwargs):
        """A new version starts from `current`: its text, and who is accountable for each delivery
        area and each success criterion."""
        accountabilities = list(current.accountabilities.all()) if current else []
        self.criteria = [item.success_criterion for item in accountabilities if not item.area]
        if current and not args and "data" not in kwargs:
            kwargs["initial"] = {
                "roles_and_responsibilities": current.roles_and_responsibilities,
                "governance": current.governance,
                "lead_removal": current.lead_removal,
                "minimum_lead_share": current.minimum_lead_share,
                **{f"accountable_{item.area}": item.accountable_school_id for item in accountabilities if item.area},
                **{f"criterion_{i}": item.accountable_school_id for i, item in enumerate(a for a in accountabilities if not a.area)},
            }
        super().__init__(*args, **kwargs)
        choices = [(school.pk, school.name) for school in leads]
        for area in DeliveryArea:
            self.fields[f"accountable_{area.value}"] = forms.TypedChoiceField(
                label=f"Accountable for {area.in_sentence}", choices=choices, coerce=int
            )
        for i, criterion in enumerate(self.criteria):
            self.fields[f"criterion_{i}"] = forms.TypedChoiceField(label=f"Accountable for {criterion}", choices=choices, coerce=int)
        apply_govuk_classes(self)

    def accountable(self, leads):
        by_id = {school.pk: school for school in leads}
        return {
            **{area.value: by_id[self.cleaned_data[f"accountable_{area.value}"]] for area in DeliveryArea},
            **{criterion: by_id[self.cleaned_data[f"criterion_{i}"]] for i, criterion in enumerate(self.criteria)},
        }


class DesignationApplicationForm(GovukForm):
    school = forms.ModelChoiceField(queryset=None, label="School applying", empty_label=None)
    itt_evidence = forms.CharField(
        label="Track record in initial teacher training", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Partnerships, trainees placed and their outcomes.",
    )
    support_evidence = forms.CharField(
        label="Track record of supporting other schools", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Which schools, what support, what changed.",
    )
    headteacher_evidence = forms.CharField(
        label="Headteacher's experience", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class ResourceForm(GovukForm):
    title = forms.CharField(label="Title", max_length=200)
    url = forms.URLField(label="Link", assume_scheme="https", required=False)
    document = forms.FileField(label="Or a document", required=False, help_text="PDF, Word, Excel or PowerPoint, up to 10 MB")
    description = forms.CharField(label="What it is", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    MAX_BYTES = 10 * 1024 * 1024
    EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp")

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document:
            if not document.name.lower().endswith(self.EXTENSIONS):
                raise forms.ValidationError("Share a PDF, Word, Excel or PowerPoint file.")
            if document.size > self.MAX_BYTES:
                raise forms.ValidationError("The file is larger than 10 MB.")
        return document

    def clean(self):
        data = super().clean()
        if bool(data.get("url")) == bool(data.get("document")):
            raise forms.ValidationError("Give a link or a document (one of them).")
        return data


class InviteLeadForm(GovukForm):
    urn = forms.IntegerField(label="URN of the teaching school to invite", min_value=1)
    becomes = forms.ChoiceField(
        label="Type of alliance once it accepts",
        choices=[(Alliance.Type.MULTIPLE, Alliance.Type.MULTIPLE.label), (Alliance.Type.JOB_SHARE, Alliance.Type.JOB_SHARE.label)],
    )

    def clean_urn(self):
        school = School.objects.filter(urn=self.cleaned_data["urn"]).first()
        if school is None:
            raise forms.ValidationError(f"No school has the URN {self.cleaned_data['urn']}.")
        return school


class EndRoleForm(GovukForm):
    ends_on = GovukDateField(label="Last day", help_text="For example, 31 8 2026")
    reason = forms.CharField(label="Reason", required=False, max_length=200)


class EndRoleConfirmForm(EndRoleForm):
    """The page that confirms ending a period: the last day, within the site's limits, and a
    reason, which is required (it is kept in the alliance's history)."""

    reason = forms.CharField(
        label="Reason", max_length=200, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the alliance's history. Up to 200 characters.",
        error_messages={"required": "Enter the reason for ending it"},
    )

    def clean_ends_on(self):
        # The service checks the limits too; asking here reports a bad date beside a missing reason.
        ends_on = self.cleaned_data["ends_on"]
        problems = end_date_problems(ends_on)
        if problems:
            raise forms.ValidationError(problems)
        return ends_on


class DelivererForm(GovukForm):
    """A deliverer is a school (by URN), an academy trust (by its GIAS code) or another
    organisation (university, private provider, diocese, local authority)."""

    urn = forms.IntegerField(label="A school's URN", required=False)
    trust_code = forms.CharField(label="Or an academy trust's GIAS code", required=False, max_length=20)
    organisation = forms.ModelChoiceField(
        label="Or another organisation",
        required=False,
        queryset=Organisation.objects.exclude(kind=Organisation.Kind.ACADEMY_TRUST).order_by("kind", "name"),
        empty_label="None",
    )
    responsibilities = forms.CharField(label="Aspects of training and development it leads", widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        given = [name for name in ("urn", "trust_code", "organisation") if data.get(name)]
        if len(given) != 1:
            raise forms.ValidationError("Give one of: a school's URN, a trust's code, or an organisation.")
        if data.get("urn"):
            data["holder"] = School.objects.filter(urn=data["urn"]).first()
            if data["holder"] is None:
                self.add_error("urn", "No school has that URN.")
        elif data.get("trust_code"):
            data["holder"] = Organisation.objects.filter(kind=Organisation.Kind.ACADEMY_TRUST, code=data["trust_code"].strip()).first()
            if data["holder"] is None:
                self.add_error("trust_code", "No academy trust has that code.")
        else:
            data["holder"] = data["organisation"]
        return data


class AllianceDetailsForm(GovukForm):
    """What an alliance says about itself: shown on its profile and used by the finder."""

    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    ethos = forms.CharField(label="Character and ethos", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    specialisms = forms.CharField(
        label="Specialisms", required=False, widget=forms.Textarea(attrs={"rows": 5}), help_text="One a line, such as 'Early reading'."
    )
    delivery_areas = forms.MultipleChoiceField(
        label="Delivers", choices=DeliveryArea.choices, widget=forms.CheckboxSelectMultiple, required=False
    )


class AllianceEditForm(AllianceDetailsForm):
    patch = forms.ModelMultipleChoiceField(
        label="Patch: local authorities the alliance commits to serve in full",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    # The alliance's public contact, shown on its profile to everyone.
    contact_name = forms.CharField(label="Contact name", max_length=200, required=False, help_text="Shown on the alliance's public profile.")
    contact_email = forms.EmailField(
        label="Contact email address", required=False, widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    contact_phone = forms.CharField(
        label="Contact telephone number", max_length=40, required=False, widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        help_text="For international numbers include the country code.",
    )
    website = forms.URLField(
        label="Website", required=False, assume_scheme="https",
        # http and https only: the address becomes a link on the public profile.
        validators=[URLValidator(schemes=["http", "https"])],
        error_messages={"invalid": "Enter a website address in the correct format, like https://www.example.org"},
    )

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        if phone and not (PHONE.fullmatch(phone) and any(c.isdigit() for c in phone)):
            raise forms.ValidationError("Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192")
        return phone


class StartAllianceForm(AllianceDetailsForm):
    name = forms.CharField(label="Name of the alliance", max_length=200)
    alliance_type = forms.ChoiceField(label="Type", choices=Alliance.Type.choices)
    lead = forms.ModelChoiceField(queryset=None, label="Your lead teaching school", empty_label=None)
    other_lead_urns = forms.CharField(
        label="URNs of the other lead teaching schools", required=False,
        help_text="For job-share and multiple alliances, separated by commas. Each lead then signs the agreement.",
    )
    field_order = ["name", "alliance_type", "lead", "other_lead_urns", "description", "ethos", "specialisms", "delivery_areas"]

    def __init__(self, *args, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = leads
        self.order_fields(self.field_order)

    def clean_other_lead_urns(self):
        text = self.cleaned_data["other_lead_urns"]
        urns = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
        bad = [urn for urn in urns if not (urn.isascii() and urn.isdigit())]
        if bad:
            raise forms.ValidationError(f"These are not URNs: {', '.join(bad)}.")
        schools = list(School.objects.filter(urn__in=[int(urn) for urn in urns]))
        missing = sorted(set(int(u) for u in urns) - {s.urn for s in schools})
        if missing:
            raise forms.ValidationError(f"No school has the URN {', '.join(str(u) for u in missing)}.")
        return schools


class ProposeNetworkForm(GovukForm):
    alliance = forms.ModelChoiceField(queryset=None, label="Your alliance, its first member", empty_label=None)
    name = forms.CharField(label="Name of the network", max_length=200)
    region = forms.ChoiceField(label="Region", choices=[("", "Choose a region"), *Network.Region.choices])
    sub_region = forms.CharField(
        label="Area within the region (optional)", max_length=100, required=False, help_text="A county, city or area, such as 'Tees Valley'."
    )
    description = forms.CharField(
        label="What the network is for", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown on the network's page: what its alliances share and do together.",
    )

    def __init__(self, *args, alliances, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alliance"].queryset = alliances


class InviteAllianceForm(GovukForm):
    alliance = forms.CharField(label="Name of the alliance to invite", max_length=200)
    message = forms.CharField(label="Message to its leads (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_alliance(self):
        # Names are unique; the address name (slug) is accepted too, as it appears in links.
        text = self.cleaned_data["alliance"].strip()
        alliance = Alliance.objects.filter(name__iexact=text).first() or Alliance.objects.filter(slug=text.lower()).first()
        if alliance is None:
            raise forms.ValidationError(f"No alliance is called “{text}”. Give its name as on its page.")
        return alliance


class AskToJoinNetworkForm(GovukForm):
    alliance = forms.ModelChoiceField(queryset=None, label="Your alliance", empty_label=None)
    message = forms.CharField(label="Message to the network's leads (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, alliances, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alliance"].queryset = alliances


class NetworkRegionForm(GovukForm):
    """The network list's filter (a GET form)."""

    region = forms.ChoiceField(label="Region", required=False, choices=[("", "Any region"), *Network.Region.choices])


FINDER_CHARACTERS = ["Church of England", "Roman Catholic", "Christian", "Jewish", "Muslim", "Methodist", "Sikh", "Hindu"]
FINDER_PHASES = ["Primary", "Secondary", "All-through", "Nursery", "16 plus", "Not applicable"]
# Needs and ethos are lists of a few phrases; far longer text is refused, not matched phrase by phrase.
FINDER_TEXT_MAX_LENGTH = 500


def _finder_text_limit(what):
    return {"max_length": FINDER_TEXT_MAX_LENGTH, "error_messages": {"max_length": f"{what} must be {FINDER_TEXT_MAX_LENGTH} characters or fewer"}}


class FinderForm(GovukForm):
    """The alliance finder's questions. `urn` (a URN, postcode or town) is where distances are
    measured from; a school's own phase and character are matched unless the person picks others.
    It keeps the name `urn` from when it took only a URN, so that links to searches keep working."""

    urn = forms.CharField(
        label="Your school's URN, or a postcode or town",
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        error_messages={"max_length": f"Enter a URN, postcode or town of {SEARCH_MAX_LENGTH} characters or fewer"},
        help_text="A URN also matches your school's phase and religious character. A postcode or town gives distances.",
    )
    areas = forms.MultipleChoiceField(
        label="What your school needs", required=False, choices=DeliveryArea.choices, widget=forms.CheckboxSelectMultiple
    )
    specialisms = forms.CharField(
        label="Specialisms you need", required=False, help_text="For example: early reading, maths, SEND",
        **_finder_text_limit("Specialisms"),
    )
    phase = forms.ChoiceField(label="Phase", required=False, choices=[("", "Any phase"), *[(p, p) for p in FINDER_PHASES]])
    religious_character = forms.ChoiceField(
        label="Religious character", required=False, choices=[("", "Any"), *[(c, c) for c in FINDER_CHARACTERS]]
    )
    ethos = forms.CharField(
        label="Character and ethos you are looking for", required=False,
        help_text="For example: inclusive, rural, research-led", **_finder_text_limit("Character and ethos"),
    )
    sort = forms.ChoiceField(label="Sort by", choices=[("relevance", "Best match"), ("distance", "Distance")], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.place = None  # the Place found for `urn`, once the form is valid

    def clean_urn(self):
        text = self.cleaned_data["urn"]
        if text:
            try:
                self.place = find_place(text)
            except PlaceNotFound as not_found:
                raise forms.ValidationError(str(not_found)) from None
        return text

    def query(self):
        """The FinderQuery for valid answers."""
        data = self.cleaned_data
        fields = {
            "areas": data["areas"],
            "specialisms": data["specialisms"],
            "phase": data["phase"],
            "religious_character": data["religious_character"],
            "ethos": data["ethos"],
            "sort": data["sort"] or SORT_RELEVANCE,
        }
        return FinderQuery.for_place(self.place, **fields) if self.place else FinderQuery(**fields)
