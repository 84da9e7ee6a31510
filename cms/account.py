"""Signing in on the site, and a page of one's own.

Private pages (annual updates, members-only practice) send visitors here to sign in, in the
site's design rather than Wagtail's admin sign-in. After signing in, people who work in the
admin (school editors, assessors, staff) go there; a network member, who has no admin, goes
to their own page: their school, their clusters."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse

from network.models import ClusterPage, SchoolPage


def works_in_the_admin(user):
    return user.is_superuser or user.has_perm("wagtailadmin.access_admin")


class SignInView(auth_views.LoginView):
    template_name = "cms/account/sign_in.html"
    redirect_authenticated_user = False

    def get_default_redirect_url(self):
        if works_in_the_admin(self.request.user):
            return reverse("wagtailadmin_home")
        return reverse("your_page")


class SignOutView(auth_views.LogoutView):
    next_page = "/"


@login_required(login_url="/sign-in/")
def your_page(request):
    user = request.user
    schools = list(
        SchoolPage.objects.live()
        .filter(Q(editors_group__user=user) | Q(school_members__user=user))
        .distinct()
        .order_by("title")
    )
    assessed = list(
        SchoolPage.objects.live().filter(assessor_assignments__assessor=user).order_by("title")
    )
    clusters = list(
        ClusterPage.objects.live()
        .filter(member_schools__in=[school.pk for school in schools])
        .distinct()
        .order_by("title")
    )
    return render(
        request,
        "cms/account/your_page.html",
        {
            "schools": schools,
            "assessed": assessed,
            "clusters": clusters,
            "admin": works_in_the_admin(user),
        },
    )
