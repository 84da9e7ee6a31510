import re

from django import forms
from django.contrib.auth import password_validation

from network.models import SchoolPage

from .models import Role


class SetPasswordForm(forms.Form):
    password = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters; not only numbers, and not a common password.",
    )
    again = forms.CharField(
        label="Type it again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self):
        data = super().clean()
        password, again = data.get("password"), data.get("again")
        if password and again and password != again:
            self.add_error("again", "The two passwords are not the same: type them again.")
        elif password:
            from django.contrib.auth import get_user_model

            User = get_user_model()
            person = User(username=self.invitation.email, email=self.invitation.email)
            person.first_name = self.invitation.name
            try:
                password_validation.validate_password(password, person)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class InviteForm(forms.Form):
    email = forms.EmailField(label="Email address")
    name = forms.CharField(label="Name", max_length=200)
    role = forms.ChoiceField(label="Invite as", choices=Role.choices, widget=forms.RadioSelect)
    urn = forms.CharField(
        label="School URN",
        required=False,
        max_length=20,
        help_text="The school an editor will edit for (needed), or an assessor will assess.",
    )

    def clean(self):
        data = super().clean()
        urn = re.sub(r"\s", "", data.get("urn") or "")
        data["school"] = None
        if urn:
            school = SchoolPage.objects.filter(urn=urn).first()
            if school is None:
                self.add_error("urn", f"No school on the network has the URN {urn}.")
            data["school"] = school
        elif data.get("role") == Role.EDITOR:
            self.add_error("urn", "Give the URN of the school they will edit for.")
        return data


class InviteCsvForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=(
            "One person a line, with a first line naming the columns: email, name, role "
            "(editor or assessor), URN (the school; needed for an editor)."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 2 MB: split it.")
        return upload


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        return re.sub(r"[\s-]", "", self.cleaned_data["code"]).lower()
