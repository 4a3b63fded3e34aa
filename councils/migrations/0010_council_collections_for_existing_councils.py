"""Each existing council gets its documents collection; its role groups' document permissions
move from the root collection to it, and so do the documents only that council's pages use."""

from django.db import migrations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's, four characters a level
STEP = 4
DOCUMENT_PERMISSIONS = ("add_document", "choose_document")


def _next_child_path(Collection, parent) -> str:
    last = (
        Collection.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = int(last[-STEP:], 36) + 1 if last else 1
    step = ""
    while number:
        number, digit = divmod(number, 36)
        step = ALPHABET[digit] + step
    return parent.path + step.rjust(STEP, "0")


def _council_documents(apps, councils) -> set[int]:
    """The documents a council's pages (in every language) refer to."""
    AgendaItemDocument = apps.get_model("councils", "AgendaItemDocument")
    MinutesPage = apps.get_model("councils", "MinutesPage")
    documents = {c.founding_act_document_id for c in councils if c.founding_act_document_id}
    for council in councils:
        documents.update(
            AgendaItemDocument.objects.filter(
                agenda_item__meeting__path__startswith=council.path
            ).values_list("document_id", flat=True)
        )
        documents.update(
            MinutesPage.objects.filter(path__startswith=council.path)
            .exclude(signed_pdf=None)
            .values_list("signed_pdf_id", flat=True)
        )
    return documents


def forward(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Document = apps.get_model("wagtaildocs", "Document")
    CouncilPage = apps.get_model("councils", "CouncilPage")
    CouncilCollection = apps.get_model("councils", "CouncilCollection")
    CouncilRoleGroup = apps.get_model("councils", "CouncilRoleGroup")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    by_key: dict = {}
    for council in CouncilPage.objects.order_by("pk"):
        by_key.setdefault(council.translation_key, []).append(council)
    documents_of = {key: _council_documents(apps, councils) for key, councils in by_key.items()}
    for key, councils in by_key.items():
        if CouncilCollection.objects.filter(council_key=key).exists():
            continue
        # Named as the council is written first (Azerbaijani, as councils are created).
        collection = Collection.objects.create(
            name=councils[0].title[:255],
            path=_next_child_path(Collection, root),
            depth=root.depth + 1,
            numchild=0,
        )
        root.numchild += 1
        root.save(update_fields=["numchild"])
        CouncilCollection.objects.create(council_key=key, collection=collection)
        groups = CouncilRoleGroup.objects.filter(council_key=key).values("group_id")
        GroupCollectionPermission.objects.filter(
            group_id__in=groups,
            collection=root,
            permission__content_type__app_label="wagtaildocs",
            permission__codename__in=DOCUMENT_PERMISSIONS,
        ).update(collection=collection)
        shared = set().union(*(d for k, d in documents_of.items() if k != key))
        Document.objects.filter(pk__in=documents_of[key] - shared, collection=root).update(
            collection=collection
        )


def backward(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Document = apps.get_model("wagtaildocs", "Document")
    CouncilCollection = apps.get_model("councils", "CouncilCollection")
    root = Collection.objects.filter(depth=1).first()
    for link in CouncilCollection.objects.select_related("collection"):
        collection = link.collection
        inside = Collection.objects.filter(path__startswith=collection.path)
        Document.objects.filter(collection__in=inside).update(collection=root)
        for permission in GroupCollectionPermission.objects.filter(collection__in=inside):
            if GroupCollectionPermission.objects.filter(
                group_id=permission.group_id,
                collection=root,
                permission_id=permission.permission_id,
            ).exists():
                permission.delete()
            else:
                permission.collection = root
                permission.save(update_fields=["collection"])
        link.delete()
        removed = inside.filter(depth=root.depth + 1).count()
        inside.delete()
        root.numchild = max(0, root.numchild - removed)
        root.save(update_fields=["numchild"])


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0009_council_collection"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forward, backward)]
