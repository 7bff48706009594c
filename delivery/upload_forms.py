"""The one form every upload page uses: a CSV or XLSX file, at most 5 MB."""
from django import forms

from delivery.uploads.flow import MOST_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a file", help_text="A CSV or Excel (.xlsx) file laid out like the template, up to 5 MB",
        error_messages={"required": "Choose a CSV or Excel file to upload.", "empty": "The chosen file is empty."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MOST_BYTES:
            raise forms.ValidationError(f"The file is {upload.size / 1024 / 1024:.1f} MB: it must be 5 MB or smaller. Split it and upload each part.")
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The file must be a CSV or an Excel workbook (.xlsx).")
        return upload
