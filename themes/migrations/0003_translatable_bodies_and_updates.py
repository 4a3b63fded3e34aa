"""Bodies and progress updates become translatable snippets; areas keep their words in pages.

Existing rows become the Azerbaijani originals; a body's English and Russian names, until now
columns of its row, become its English and Russian translations, so no editor's wording is lost.
An area's title was stored twice (its row and its area pages); the pages keep it.
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _locale(Locale, language_code):
    return Locale.objects.get_or_create(language_code=language_code)[0]


def to_translations(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Body = apps.get_model("themes", "Body")
    ProgressUpdate = apps.get_model("themes", "ProgressUpdate")
    source = _locale(Locale, settings.LANGUAGE_CODE)
    for update in ProgressUpdate.objects.filter(locale__isnull=True):
        update.locale, update.translation_key = source, uuid.uuid4()
        update.save(update_fields=["locale", "translation_key"])
    for body in Body.objects.filter(locale__isnull=True):
        body.locale, body.translation_key = source, uuid.uuid4()
        body.save(update_fields=["locale", "translation_key"])
        for language in ("en", "ru"):
            name = getattr(body, f"name_{language}")
            if name:
                Body.objects.create(
                    name=name,
                    name_en="",
                    name_ru="",
                    slug=body.slug,
                    kind=body.kind,
                    locale=_locale(Locale, language),
                    translation_key=body.translation_key,
                )


def to_columns(apps, schema_editor):
    Body = apps.get_model("themes", "Body")
    for body in Body.objects.filter(locale__language_code=settings.LANGUAGE_CODE):
        for translation in Body.objects.filter(translation_key=body.translation_key).exclude(
            pk=body.pk
        ):
            setattr(body, f"name_{translation.locale.language_code}", translation.name)
            translation.delete()
        body.save()


class Migration(migrations.Migration):
    dependencies = [
        ("themes", "0002_progress_updates_moderated"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="ImportedValue",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=200, unique=True)),
                ("digest", models.CharField(max_length=64)),
            ],
        ),
        migrations.AlterField(
            model_name="body",
            name="slug",
            field=models.SlugField(
                help_text="The body's address on the site; the plan file's key, the same in every language.",
                max_length=80,
                verbose_name="slug",
            ),
        ),
        migrations.AddField(
            model_name="body",
            name="locale",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="body",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="progressupdate",
            name="locale",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="progressupdate",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(to_translations, to_columns),
        migrations.AlterField(
            model_name="body",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="body",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="progressupdate",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="progressupdate",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(name="body", unique_together={("translation_key", "locale")}),
        migrations.AlterUniqueTogether(
            name="progressupdate", unique_together={("translation_key", "locale")}
        ),
        migrations.AddConstraint(
            model_name="body",
            constraint=models.UniqueConstraint(
                fields=("slug", "locale"), name="body_slug_unique_per_locale"
            ),
        ),
        migrations.RemoveField(model_name="body", name="name_en"),
        migrations.RemoveField(model_name="body", name="name_ru"),
        migrations.AlterField(
            model_name="body",
            name="name",
            field=models.CharField(max_length=255, verbose_name="name"),
        ),
        migrations.RemoveField(model_name="thematicarea", name="name"),
        migrations.RemoveField(model_name="thematicarea", name="name_en"),
        migrations.RemoveField(model_name="thematicarea", name="name_ru"),
    ]
