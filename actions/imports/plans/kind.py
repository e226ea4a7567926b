"""The plan-version import as an import kind (see ``actions.imports.flow``).

Options: ``plan_slug`` (a new slug makes a new plan), ``plan_name`` (a new plan's name), ``label``,
``organisation`` (the ODS code of the organisation whose local plan it is; empty: a national plan).
"""

from actions.imports.flow import ImportKind
from actions.imports.plans.apply import plan_import_apply
from actions.imports.plans.compare import DEFAULT_PLAN_SLUG, ImportPreview, flag_older, plan_import_preview
from actions.imports.plans.rows import read_plan_file
from actions.imports.reading.text import around_difference, short
from actions.imports.sentences import plan_sentence
from actions.models import Plan
from owners.models import Organisation

__all__ = ["DEFAULT_PLAN_SLUG", "PLAN_IMPORT", "PlanImport"]


class PlanImport(ImportKind):
    name = "plan"
    file_label = "plan file"
    file_hint = "A plan file has the columns Theme, Ref, Action, Who and Timeline."
    nothing_to_do = "Nothing to do: the plan already matches this file."

    def read(self, *, data, file_name):
        return read_plan_file(data=data, file_name=file_name)

    def preview(self, parsed, *, file_name, options):
        plan = Plan.objects.select_related("organisation").filter(slug=options["plan_slug"]).first()
        ods = options.get("organisation") or ""
        preview = plan_import_preview(
            plan=plan,
            rows=parsed.rows,
            plan_slug=options["plan_slug"],
            plan_name=options.get("plan_name", ""),
            errors=parsed.errors,
            warnings=parsed.warnings,
            organisation=Organisation.objects.get(ods_code=ods) if ods else None,
        )
        return flag_older(preview)

    def apply(self, preview, *, file_name, options, user):
        return plan_import_apply(preview=preview, label=options["label"], file_name=file_name, user=user)

    def sentence(self, preview) -> str:
        return plan_sentence(preview)

    def done(self, result, preview) -> str:
        return f'Recorded version "{result.label}" of {result.plan}: {plan_sentence(preview)}.'

    def lines(self, preview: ImportPreview) -> list[str]:
        lines = [f"warning: {preview.warnings[0]}"] if preview.older_than else []
        lines += [f"theme renamed: {theme.name} -> {name}" for theme, name in preview.renamed_themes]
        lines += [f"new theme: {name}" for name in preview.new_themes]
        lines += [f"added: {diff.theme} {diff.ref}: {short(diff.text)}" for diff in preview.added]
        for diff in preview.changed + preview.restored:
            lines.append(f"{diff.kind}: {diff.theme} {diff.ref}")
            for change in diff.fields:
                old, new = around_difference(change.old, change.new)
                lines.append(f"  {change.label}: {old!r} -> {new!r}")
        lines += [f"withdrawn: {diff.theme} {diff.ref}: {short(diff.text)}" for diff in preview.withdrawn]
        lines += [f"warning: {problem}" for problem in preview.warnings[1 if preview.older_than else 0 :]]
        return lines


PLAN_IMPORT = PlanImport()
