"""An Elasticsearch node of a test's own, which the test may stop and start again.

The shared node (docker/services.env) serves every other test and process, so it is never
stopped; a test about an outage starts a second single-node cluster from the same
distribution that `docker/services.sh start` unpacked into this checkout, on free ports, with
its own configuration, data and logs, and stops it for real.
"""

import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / ".services"
# The user docker/services.sh runs the servers as: Elasticsearch refuses to run as root.
SERVICE_USER = os.environ.get("SERVICE_USER", "civic-services")
# Enough for a few hundred documents. The quick compiler only: the node lives for seconds, and
# on a busy machine it starts in half the time the optimising compiler takes.
JAVA_OPTS = "-Xms256m -Xmx256m -XX:TieredStopAtLevel=1"
START_TIMEOUT = 120  # seconds; a cold JVM next to a full test run needs ~20


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def elasticsearch_version() -> str:
    """The version docker/compose.yaml runs, which services.sh installs for the tests too."""
    compose = (ROOT / "docker" / "compose.yaml").read_text()
    return re.search(r"^\s*image:\s*elasticsearch:([0-9.]+)\s*$", compose, re.MULTILINE)[1]


def elasticsearch_home() -> Path:
    """Where docker/services.sh unpacked the distribution: under .services/, or under the base
    it recorded there when the checkout was not reachable by the service user."""
    base_file = SERVICES / "base"
    base = Path(base_file.read_text().strip()) if base_file.exists() else SERVICES
    home = base / "elasticsearch" / elasticsearch_version()
    if not (home / "bin" / "elasticsearch").exists():
        raise RuntimeError(f"No Elasticsearch in {home}: run `docker/services.sh start` first.")
    return home


def java_home() -> str:
    if os.environ.get("ES_JAVA_HOME"):
        return os.environ["ES_JAVA_HOME"]
    for candidate in sorted(Path("/usr/lib/jvm").glob("java-17-openjdk-*")):
        if (candidate / "bin" / "java").exists():
            return str(candidate)
    raise RuntimeError("No Java 17 under /usr/lib/jvm (set ES_JAVA_HOME).")


def _running(pid: int) -> bool:
    """Still running: a node whose launcher has exited is nobody's child here, so once it
    exits it may linger as a zombie until the system reaps it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


class OwnElasticsearch:
    """A single-node cluster on free ports; its files live in a directory of its own.

    That directory is not pytest's tmp_path: pytest keeps its temporary tree readable by the
    user running the tests only, and the node runs as the service user when the tests run as
    root, as Elasticsearch demands.
    """

    def __init__(self):
        self.home = elasticsearch_home()
        self.port = free_port()
        self.transport_port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="civic-test-elasticsearch-"))
        self.as_root = os.geteuid() == 0
        config = self.directory / "config"
        shutil.copytree(self.home / "config", config)
        for name in ("data", "logs", "tmp"):
            (self.directory / name).mkdir()
        if self.as_root:
            user = pwd.getpwnam(SERVICE_USER)
            for path in [self.directory, *self.directory.rglob("*")]:
                os.chown(path, user.pw_uid, user.pw_gid)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.directory / "es.pid"

    def _health(self) -> str | None:
        # No proxy may see a loopback request.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(f"{self.url}/_cluster/health?wait_for_status=yellow&timeout=1s") as r:
                return json.load(r)["status"]
        except (OSError, urllib.error.URLError, ValueError):
            return None

    def start(self) -> None:
        """Start the node and return once its cluster (and any index it holds) is usable."""
        command = [
            "env",
            "-u",
            "JAVA_HOME",
            f"ES_JAVA_HOME={java_home()}",
            f"ES_JAVA_OPTS={JAVA_OPTS}",
            f"ES_PATH_CONF={self.directory / 'config'}",
            f"ES_TMPDIR={self.directory / 'tmp'}",
            str(self.home / "bin" / "elasticsearch"),
            "-d",
            "-p",
            str(self.pid_file),
            "-E",
            "discovery.type=single-node",
            "-E",
            "network.host=127.0.0.1",
            "-E",
            f"http.port={self.port}",
            "-E",
            f"transport.port={self.transport_port}",
            "-E",
            f"path.data={self.directory / 'data'}",
            "-E",
            f"path.logs={self.directory / 'logs'}",
            "-E",
            "xpack.security.enabled=false",
            "-E",
            "cluster.routing.allocation.disk.threshold_enabled=false",
        ]
        if self.as_root:
            command = ["runuser", "-u", SERVICE_USER, "--", *command]
        # -d: the launcher returns once the node has started.
        launched = subprocess.run(  # noqa: S603 - the distribution's launcher, fixed arguments
            command,
            cwd=self.directory,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT,
            check=False,
        )
        if launched.returncode != 0:
            raise RuntimeError(f"Elasticsearch did not start:\n{launched.stderr[-3000:]}")
        deadline = time.monotonic() + START_TIMEOUT
        while self._health() not in ("yellow", "green"):
            if time.monotonic() > deadline:
                raise RuntimeError(f"Elasticsearch on {self.url} is not healthy")
            time.sleep(0.2)

    def _pid(self) -> int | None:
        try:
            return int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None

    def stop(self) -> None:
        """Shut the node down as an operator would, and return once it has exited."""
        pid = self._pid()
        if pid is None:
            return
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 30
        while _running(pid):
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                deadline = time.monotonic() + 10
            time.sleep(0.1)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)
