import pytest
from django.core.exceptions import ValidationError

from citizens import services
from citizens.choices import Kind, Status
from citizens.models import Petition, Topic
from tests.citizens.factories import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_petition(ward_a, clerk_a):
    topic = Topic.objects.first() or Topic.objects.create(name="Khác", code="other")
    petition, _ = services.petition_submit(
        unit=ward_a,
        kind=Kind.FEEDBACK,
        topic=topic,
        title="Lấn chiếm vỉa hè và khiếu nại quyết định xử phạt",
        content="Phản ánh lấn chiếm vỉa hè; đồng thời khiếu nại quyết định xử phạt số 12.",
        name="Nguyễn Thị Hoa",
        phone="0903123456",
        address="12 Lê Lợi",
        consent=True,
    )
    return services.petition_classify(
        petition=petition, user=clerk_a, decision=Status.SPLIT, reason="Có hai nội dung khác loại"
    )


def test_a_split_petition_becomes_parts_with_their_own_codes_and_deadlines(mixed_petition, clerk_a):
    part = services.petition_split_part(
        petition=mixed_petition,
        user=clerk_a,
        kind=Kind.COMPLAINT,
        topic=mixed_petition.topic,
        title="Khiếu nại quyết định xử phạt số 12",
        content="Khiếu nại quyết định xử phạt số 12.",
    )
    assert part.parent == mixed_petition
    assert part.code != mixed_petition.code and part.code.startswith("NTB-")
    assert (part.kind, part.status, part.phone) == (Kind.COMPLAINT, Status.RECEIVED, "0903123456")
    assert part.due_date is not None
    assert part.received_at == mixed_petition.received_at
    assert mixed_petition.events.filter(action="split_part").exists()


def test_only_a_petition_classified_to_be_split_can_be_split(ward_a, clerk_a, mixed_petition):
    accepted = submit(ward_a)
    services.petition_classify(petition=accepted, user=clerk_a, decision=Status.ACCEPTED)
    services.petition_split_part(
        petition=mixed_petition, user=clerk_a, kind=Kind.FEEDBACK,
        topic=mixed_petition.topic, title="Lấn chiếm vỉa hè", content="Lấn chiếm vỉa hè.",
    )  # fmt: skip
    part = Petition.objects.get(parent=mixed_petition)
    # Neither a petition classified otherwise nor a part (itself a new petition) is split.
    for petition in (accepted, part):
        with pytest.raises(ValidationError):
            services.petition_split_part(
                petition=petition, user=clerk_a, kind=Kind.FEEDBACK,
                topic=petition.topic, title="x", content="x",
            )  # fmt: skip
    assert not Petition.objects.filter(parent__in=[accepted, part]).exists()
    assert Petition.objects.count() == 3


def test_split_from_the_page_and_outsider_gets_404(clerk_a_client, clerk_b_client, mixed_petition):
    form = {
        "kind": Kind.COMPLAINT,
        "topic": mixed_petition.topic_id,
        "title": "Khiếu nại quyết định xử phạt",
        "content": "Khiếu nại quyết định xử phạt số 12.",
    }
    url = f"/citizens/{mixed_petition.pk}/split_part/"
    assert clerk_b_client.post(url, form).status_code == 404
    response = clerk_a_client.post(url, form)
    assert response.status_code == 302
    part = Petition.objects.get(parent=mixed_petition)
    html = clerk_a_client.get(f"/citizens/{mixed_petition.pk}/").content.decode()
    assert part.code in html
