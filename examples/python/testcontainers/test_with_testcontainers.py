"""The same fixture with the Docker image, through Testcontainers (https://testcontainers-python.readthedocs.io/).

    docker build -t stigg-emulator .                      # in the emulator's repository
    pip install testcontainers==4.15.0
    STIGG_EMULATOR_IMAGE=stigg-emulator pytest testcontainers

Testcontainers starts the container, waits for its "ready" log line, maps the port, and removes the
container at the end (its reaper container also removes it when pytest is killed). Skipped unless
STIGG_EMULATOR_IMAGE names an image and testcontainers is installed: CI does not pull images.
"""
import os

import pytest

IMAGE = os.environ.get("STIGG_EMULATOR_IMAGE")
if not IMAGE:
    pytest.skip("STIGG_EMULATOR_IMAGE is not set (the Testcontainers variant needs a built image)", allow_module_level=True)
testcontainers = pytest.importorskip("testcontainers", reason="pip install testcontainers to run the Testcontainers variant")

from stigg import Stigg  # noqa: E402
from stigg.generated import FetchEntitlementQuery, ProvisionCustomerInput  # noqa: E402
from testcontainers.core.container import DockerContainer  # noqa: E402
from testcontainers.core.wait_strategies import LogMessageWaitStrategy  # noqa: E402


@pytest.fixture(scope="session")
def container_url():
    ready = LogMessageWaitStrategy('"msg":"ready"')
    with DockerContainer(IMAGE).with_exposed_ports(4000).with_env("STIGG_EMULATOR_EDGE_PORT", "-1").waiting_for(ready) as container:
        yield f"http://{container.get_container_host_ip()}:{container.get_exposed_port(4000)}"


def test_entitlements_from_the_container(container_url):
    client = Stigg.create_client("server-testcontainers", api_url=f"{container_url}/graphql", enable_edge=False)
    client.provision_customer(
        ProvisionCustomerInput(**{"customerId": "customer-tc", "subscriptionParams": {"planId": "plan-revvenu-growth", "billingPeriod": "MONTHLY"}})
    )
    result = client.get_entitlement(FetchEntitlementQuery(**{"customerId": "customer-tc", "featureId": "feature-04-analytics"}))
    assert result.entitlement.is_granted
