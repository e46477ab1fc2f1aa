"""A real two-node SolrCloud (embedded ZooKeeper) for the Solr backend's tests.

Built from Maven Central by deploy/solr/launcher (solr-test-framework's MiniSolrCloudCluster)
once per session.  The tests skip only where `java` or `mvn` is missing; any other failure
to start Solr fails them, with the launcher's log.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from retrieval.engine import Engine
from retrieval.replica import ReplicaEngine
from retrieval.search.solr_client import SolrClient, SolrTarget

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = ROOT / "deploy" / "solr" / "launcher"
CONFIGSET = ROOT / "deploy" / "solr" / "configset" / "conf"
BUILD_TIMEOUT = 900  # seconds: a fresh machine downloads ~100 MB of jars
START_TIMEOUT = 180  # seconds until the launcher prints READY


def build_launcher() -> str:
    """Compile the launcher and return its class path (dependencies resolved by Maven)."""
    command = ["mvn", "-q", "-B", "-f", str(LAUNCHER / "pom.xml"), "compile"]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False
    )
    if done.returncode != 0:
        output = done.stdout[-3000:] + done.stderr[-3000:]
        pytest.fail(f"building the Solr launcher failed:\n{output}")
    jars = (LAUNCHER / "target" / "classpath.txt").read_text().strip()
    return f"{LAUNCHER / 'target' / 'classes'}:{jars}"


class Cluster:
    """A running launcher process and the node URLs it printed."""

    def __init__(self, classpath: str, log: Path) -> None:
        self.log = log
        self._log_file = log.open("wb")
        self.process = subprocess.Popen(
            ["java", "-Xmx1g", "-cp", classpath, "newsbot.Launcher", str(CONFIGSET), "2"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log_file,
            text=True,
        )
        self.urls: list[str] = []

    def wait_ready(self) -> None:
        """Read the launcher's stdout until READY, failing with its log on exit or timeout."""
        ready = threading.Event()
        stdout = self.process.stdout
        assert stdout is not None

        def read() -> None:
            for line in stdout:
                if line.startswith("SOLR_URL "):
                    self.urls.append(line.split()[1])
                elif line.strip() == "READY":
                    ready.set()
                    return

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(START_TIMEOUT) or not self.urls:
            self.stop()
            tail = self.log.read_text(errors="replace")[-4000:]
            pytest.fail(f"SolrCloud did not start within {START_TIMEOUT} s:\n{tail}")

    def stop(self) -> None:
        """Close stdin (the launcher shuts down), then make sure it has gone."""
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            self.process.wait(30)
        if self.process.stdout:
            self.process.stdout.close()
        self._log_file.close()


@pytest.fixture(scope="session")
def solr_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """A two-node SolrCloud with newsbot's configset uploaded, for the whole session."""
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"SolrCloud tests need {' and '.join(missing)} on PATH (not found)")
    cluster = Cluster(build_launcher(), tmp_path_factory.mktemp("solr") / "launcher.log")
    cluster.wait_ready()
    yield cluster
    cluster.stop()


def make_collection(cluster: Cluster, name: str, shards: int) -> SolrClient:
    """Create an empty collection with newsbot's configset."""
    client = SolrClient(SolrTarget(cluster.urls[0], name), timeout=120)
    client.create_collection(shards)
    return client


@pytest.fixture(scope="session")
def seeds_solr(solr_cluster: Cluster, session_cache_dir: Path, seeds_dir: Path) -> SolrTarget:
    """A two-shard collection holding the seeds, pushed as `newsbot index --backend solr` does."""
    client = make_collection(solr_cluster, "seeds2", 2)
    Engine.open(seeds_dir, session_cache_dir, solr=client.target).push()
    return client.target


@pytest.fixture(scope="session")
def solr_engine(seeds_solr: SolrTarget, session_cache_dir: Path, seeds_dir: Path) -> Engine:
    """An engine over the seeds that ranks and looks articles up through SolrCloud."""
    return Engine.open(seeds_dir, session_cache_dir, solr=seeds_solr)


@pytest.fixture
def scratch(solr_cluster: Cluster) -> Iterator[SolrClient]:
    """An empty two-shard collection for one test (emptied again afterwards)."""
    client = SolrClient(SolrTarget(solr_cluster.urls[-1], "scratch"), timeout=120)
    if not hasattr(solr_cluster, "scratch_made"):
        client.create_collection(2)
        solr_cluster.scratch_made = True  # type: ignore[attr-defined]
    client.delete_query("*:*")
    client.commit()
    yield client
    client.delete_query("*:*")
    client.commit()


@pytest.fixture(scope="session")
def replica(seeds_solr: SolrTarget, tmp_path_factory: pytest.TempPathFactory) -> ReplicaEngine:
    """A stateless replica of the seeds collection: no page folder, an empty cache folder."""
    words = tmp_path_factory.mktemp("replica-words")
    missing = tmp_path_factory.mktemp("replica") / "no-such-corpus"
    return ReplicaEngine.open_replica(seeds_solr, words, missing)
