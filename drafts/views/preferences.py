"""The user's own settings: whether to receive email notifications."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from drafts.models import Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["has_email_notifications"]
        labels = {"has_email_notifications": "有需要我处理的版本或定稿时，发邮件通知我"}


@require_http_methods(["GET", "POST"])
def preferences(request):
    preference, _ = Preference.objects.get_or_create(user=request.user)
    # An unticked box sends nothing: an empty POST is still a submission.
    bound = request.POST if request.method == "POST" else None
    form = PreferenceForm(bound, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "设置已保存。")
        return redirect("drafts:preferences")
    return render(request, "drafts/preferences.html", {"form": form})
