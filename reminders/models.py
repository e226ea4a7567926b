"""Owner reminders: each organisation's settings, what every run sent, and owners who opted out.

Claims make a run safe on every app server at once: a run inserts the ``Reminder`` row of
(owner, period) *before* it sends, and the database's unique constraint lets exactly one run
have it; the digest is claimed the same way per (organisation, day).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from actions.reminder_selectors import DEFAULT_LOOK_AHEAD_DAYS, DEFAULT_STALE_DAYS, Windows
from owners.models import Organisation, Owner


class ReminderSettings(models.Model):
    """When an organisation's owners are reminded, and of what. No row means the defaults."""

    class Schedule(models.TextChoices):
        FIRST_WORKING_DAY = "first_working_day", "First working day of the month"
        DAY_OF_MONTH = "day_of_month", "A day of the month (the next working day if it is not one)"
        OFF = "off", "Off: no reminders"

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="reminder_settings")
    schedule = models.CharField(max_length=20, choices=Schedule.choices, default=Schedule.FIRST_WORKING_DAY)
    day_of_month = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text="1 to 28; used when the schedule is “a day of the month”.",
    )
    look_ahead_days = models.PositiveSmallIntegerField(
        default=DEFAULT_LOOK_AHEAD_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text="Actions due within this many days are listed.",
    )
    stale_days = models.PositiveSmallIntegerField(
        default=DEFAULT_STALE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text="Actions with no progress update for this many days are listed.",
    )

    class Meta:
        verbose_name = "reminder settings"
        verbose_name_plural = "reminder settings"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(schedule="day_of_month")
                | models.Q(day_of_month__isnull=False, day_of_month__gte=1, day_of_month__lte=28),
                name="remindersettings_day_of_month_1_to_28",
                violation_error_message="Choose a day of the month from 1 to 28 for “a day of the month”.",
            ),
        ]

    def __str__(self):
        return f"Reminders of {self.organisation}"

    @property
    def windows(self) -> Windows:
        return Windows(look_ahead_days=self.look_ahead_days, stale_days=self.stale_days)


class ReminderRun(models.Model):
    """One run of ``send_reminders`` for one organisation (several app servers: several rows)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="reminder_runs")
    run_on = models.DateField(help_text="The reminder day the run was for.")
    period = models.CharField(max_length=7, help_text="The month reminded for, YYYY-MM.")
    host = models.CharField(max_length=200, blank=True, help_text="Server and process that ran it.")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    sent = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    no_address = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    actions_named = models.PositiveIntegerField(default=0, help_text="Actions listed in the messages sent.")

    class Meta:
        ordering = ["-run_on", "-started_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-run_on"])]
        permissions = [("receive_digest", "Receives the organisation's reminder digest by e-mail")]

    def __str__(self):
        return f"{self.organisation.ods_code} {self.run_on}: sent={self.sent} failed={self.failed}"


class Outcome(models.TextChoices):
    CLAIMED = "claimed", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Reminder(models.Model):
    """The one reminder of an owner in a period: claimed before sending, then sent or failed.

    A failed one may be claimed again by a later run of the period; a sent (or still claimed)
    one never is, so nobody gets two messages.
    """

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="reminders")
    period = models.CharField(max_length=7)
    run = models.ForeignKey(ReminderRun, on_delete=models.CASCADE, related_name="reminders")
    status = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.CLAIMED)
    email = models.EmailField()
    lines = models.JSONField(default=list, help_text="The actions the message named, as sent.")
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    opt_out_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["owner__initials"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "period"], name="reminder_one_per_owner_and_period"),
        ]

    def __str__(self):
        return f"{self.owner} {self.period}: {self.get_status_display()}"


class ReminderDigest(models.Model):
    """The HR leads' summary of one organisation's reminder day: claimed once, then sent or failed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="reminder_digests")
    run_on = models.DateField()
    run = models.ForeignKey(ReminderRun, on_delete=models.CASCADE, related_name="digests")
    status = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.CLAIMED)
    recipients = models.TextField(blank=True)
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-run_on"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "run_on"], name="reminderdigest_one_per_org_and_day"),
        ]

    def __str__(self):
        return f"Digest {self.organisation.ods_code} {self.run_on}: {self.get_status_display()}"


class ReminderOptOut(models.Model):
    """An owner who turned their reminders off (from the link in a message, or by an administrator)."""

    owner = models.OneToOneField(Owner, on_delete=models.CASCADE, related_name="reminder_opt_out")
    created_at = models.DateTimeField(auto_now_add=True)
    by_link = models.BooleanField(default=False, help_text="Set by the owner from the link in a reminder.")

    class Meta:
        verbose_name = "reminder opt-out"

    def __str__(self):
        return f"{self.owner} turned reminders off"
