from django.db import connection


def test_the_test_database_is_postgresql(db):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        major = int(cursor.fetchone()[0].split(".")[0])
    assert major >= 15
