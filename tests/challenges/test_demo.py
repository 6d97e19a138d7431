"""The demo 链创 side: 20+ challenges across the nine clusters, applications, one accepted."""

from __future__ import annotations

from sqlmodel import Session, func, select

from service.challenges.demo import seed_challenges
from service.challenges.tables import Challenge, ChallengeApplication, InstituteProfile
from tests.factories import make_enterprise


def test_demo_challenges_cover_the_nine_clusters_and_load_once(session: Session) -> None:
    make_enterprise(session, name="甲链主有限公司", owner=True, supplier=False)
    assert seed_challenges(session) == 21
    session.commit()
    challenges = session.exec(select(Challenge)).all()
    assert len({c.chain_code for c in challenges}) == 9
    assert [c.status for c in challenges].count("accepted") == 1
    assert session.exec(select(func.count()).select_from(ChallengeApplication)).one() > 0
    names = {p.enterprise_id for p in session.exec(select(InstituteProfile)).all()}
    assert len(names) == 6
    assert seed_challenges(session) == 0
