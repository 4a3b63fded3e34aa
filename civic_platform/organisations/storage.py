"""Where verification documents are kept: outside MEDIA_ROOT, with no public address."""

from django.core.files.storage import FileSystemStorage, storages


class PrivateFileStorage(FileSystemStorage):
    """Files only a permission-checked view reads; asking for their URL is a programming error,
    because any URL under MEDIA_URL would be served to anyone."""

    def url(self, name):
        raise NotImplementedError("Private files have no public URL; serve them through a view.")


def private_storage():
    return storages["private"]
