"""The load test's yardstick: a view that does one UPDATE and nothing else."""

from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from actions.models import Response


@csrf_exempt
def bare_update(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    updated = Response.objects.filter(pk=request.POST.get("pk") or 0).update(modified_at=timezone.now())
    return HttpResponse(str(updated), content_type="text/plain")
