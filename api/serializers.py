"""How each resource reads in JSON. Read-only: no serializer here ever saves."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actions.models import Action, Plan, PlanVersion, ProgressUpdate, Response, Theme
from actions.statuses import Status
from actions.statuses import label as status_label
from owners.models import Organisation
from reports.models import BoardReport, BoardReportLine


class StatusLabelField(serializers.CharField):
    """The status's display label ("On track"), next to its value ("on_track")."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return status_label(value)


class PlanVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanVersion
        fields = ["id", "label", "imported_at", "added", "changed", "withdrawn", "unchanged"]


class PlanSerializer(serializers.ModelSerializer):
    versions = PlanVersionSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "slug", "name", "short_name", "published", "source", "versions"]


class ThemeSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Theme
        fields = ["id", "plan", "number", "name"]


class VersionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanVersion
        fields = ["id", "label"]


class ThemeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "number", "name"]


class ActionSerializer(serializers.ModelSerializer):
    plan = serializers.CharField(source="theme.plan.slug", read_only=True)
    theme = ThemeRefSerializer(read_only=True)
    organisation = serializers.SlugRelatedField(
        slug_field="ods_code", read_only=True, help_text="Set for an organisation's own local action."
    )
    added_in = VersionRefSerializer(read_only=True, allow_null=True, help_text="The plan version that added it.")
    withdrawn_in = VersionRefSerializer(read_only=True, allow_null=True, help_text="The version that withdrew it.")

    class Meta:
        model = Action
        fields = [
            "id",
            "plan",
            "theme",
            "ref",
            "text",
            "who",
            "audience",
            "timeline",
            "start_date",
            "due_date",
            "timeline_readable",
            "organisation",
            "added_in",
            "withdrawn_in",
        ]


class OrganisationSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="ods_code", read_only=True, allow_null=True)
    feed_csv = serializers.SerializerMethodField(help_text="The Power BI feed of this organisation, as CSV.")
    feed_json = serializers.SerializerMethodField(help_text="The same feed as JSON.")

    class Meta:
        model = Organisation
        fields = ["ods_code", "name", "kind", "parent", "feed_csv", "feed_json"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_feed_csv(self, organisation):
        return self._feed(organisation, "api:feed-csv")

    @extend_schema_field(OpenApiTypes.URI)
    def get_feed_json(self, organisation):
        return self._feed(organisation, "api:feed-json")

    def _feed(self, organisation, name):
        from django.urls import reverse

        url = reverse(name, kwargs={"ods_code": organisation.ods_code})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class OwnerRefSerializer(serializers.Serializer):
    initials = serializers.CharField(source="owner.initials")
    name = serializers.CharField(source="owner.name")
    is_group = serializers.BooleanField(source="owner.is_group")
    is_lead = serializers.BooleanField()


class ChecklistItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    done = serializers.BooleanField()


class LatestUpdateSerializer(serializers.Serializer):
    date = serializers.DateField(source="latest_update_date")
    status = serializers.ChoiceField(choices=Status.choices, source="latest_update_status")
    note = serializers.CharField(source="latest_update_note")


class ResponseActionSerializer(serializers.ModelSerializer):
    plan = serializers.CharField(source="theme.plan.slug", read_only=True)
    theme = ThemeRefSerializer(read_only=True)
    is_local = serializers.BooleanField(read_only=True)
    added_in = serializers.CharField(
        source="added_in.label", read_only=True, allow_null=True, default=None, help_text="Plan version label."
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "plan",
            "theme",
            "ref",
            "text",
            "who",
            "audience",
            "timeline",
            "start_date",
            "is_local",
            "added_in",
        ]


class ResponseSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="ods_code", read_only=True)
    action = ResponseActionSerializer(read_only=True)
    status_label = StatusLabelField(source="status")
    due_date = serializers.DateField(
        source="effective_due", read_only=True, allow_null=True, help_text="The local due date, else the plan's."
    )
    overdue = serializers.BooleanField(source="is_overdue", read_only=True, help_text="Past its due date, not closed.")
    owners = OwnerRefSerializer(source="owner_list", many=True, read_only=True, help_text="Lead owner first.")
    checklist = ChecklistItemSerializer(source="checklist_items", many=True, read_only=True)
    latest_update = serializers.SerializerMethodField()

    class Meta:
        model = Response
        fields = [
            "id",
            "organisation",
            "action",
            "status",
            "status_label",
            "local_due_date",
            "due_date",
            "overdue",
            "owners",
            "checklist",
            "latest_update",
            "modified_at",
        ]

    @extend_schema_field(LatestUpdateSerializer(allow_null=True))
    def get_latest_update(self, response):
        if response.latest_update_date is None:
            return None
        return LatestUpdateSerializer(response).data


class ProgressUpdateSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="response.organisation.ods_code", read_only=True)
    status_label = StatusLabelField(source="status")
    author = serializers.SerializerMethodField()

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "response",
            "organisation",
            "date",
            "status",
            "status_label",
            "note",
            "evidence_url",
            "author",
            "created_at",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_author(self, update):
        user = update.author
        return (user.get_full_name() or user.username) if user else ""


class BoardReportSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="ods_code", read_only=True)
    plans = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True, help_text="The plans the report covers (slugs)."
    )
    assurance_level_label = serializers.CharField(source="get_assurance_level_display", read_only=True)
    line_count = serializers.IntegerField(read_only=True)
    lines = serializers.HyperlinkedIdentityField(view_name="api:report-lines", help_text="The report's frozen lines.")

    class Meta:
        model = BoardReport
        fields = [
            "id",
            "organisation",
            "plans",
            "title",
            "meeting",
            "meeting_date",
            "agenda_item",
            "purpose",
            "author",
            "author_title",
            "executive_sponsor",
            "executive_sponsor_title",
            "as_at",
            "assurance_level",
            "assurance_level_label",
            "assurance_rationale",
            "issued_at",
            "line_count",
            "lines",
        ]


class BoardReportLineSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    plan_name = serializers.CharField(help_text="The plan's name when the line was frozen.")
    theme = serializers.CharField(source="theme_name")
    action = serializers.CharField(source="action_text")
    status_label = StatusLabelField(source="status")
    latest_update = serializers.CharField(source="latest_update_note")
    updated_on = serializers.DateField(source="latest_update_date", allow_null=True)

    class Meta:
        model = BoardReportLine
        fields = [
            "order",
            "plan",
            "plan_name",
            "theme_number",
            "theme",
            "ref",
            "action",
            "who",
            "timeline",
            "start_date",
            "due_date",
            "owners",
            "checklist",
            "status",
            "status_label",
            "latest_update",
            "updated_on",
            "overdue",
            "is_local",
            "added_in",
            "response",
        ]
