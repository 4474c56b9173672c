import pytest
import stigg

PERCENT = {"id": "coupon-py-20", "name": "Twenty", "description": "20% off", "duration_in_months": 3, "metadata": {"c": "spring"}, "percent_off": 20, "amounts_off": None}


def test_create_retrieve_list_update_archive(rest_env):
    created = rest_env.stigg.v1.coupons.create(**PERCENT).data
    assert created.type == "PERCENTAGE" and created.percent_off == 20 and created.status == "ACTIVE" and created.metadata == {"c": "spring"}
    fixed = rest_env.stigg.v1.coupons.create(**{**PERCENT, "id": "coupon-py-5", "percent_off": None, "amounts_off": [{"amount": 5, "currency": "eur"}]}).data
    assert fixed.type == "FIXED" and fixed.amounts_off[0].currency == "eur"
    assert rest_env.stigg.v1.coupons.retrieve("coupon-vip").data.percent_off == 20
    archived = rest_env.stigg.v1.coupons.list(status=["ARCHIVED"]).data
    assert [c.id for c in archived] == ["coupon-summer-archived"]
    assert "coupon-py-20" in [c.id for c in rest_env.stigg.v1.coupons.list(type="PERCENTAGE").data]
    updated = rest_env.stigg.v1.coupons.update_coupon("coupon-py-20", name="Twenty!", description=None).data
    assert updated.name == "Twenty!" and updated.description is None
    assert rest_env.stigg.v1.coupons.archive_coupon("coupon-py-20").data.status == "ARCHIVED"


def test_coupon_errors(rest_env):
    with pytest.raises(stigg.NotFoundError):
        rest_env.stigg.v1.coupons.retrieve("nope")
    with pytest.raises(stigg.BadRequestError) as bad:
        rest_env.stigg.v1.coupons.create(**{**PERCENT, "name": "", "percent_off": 150})
    assert "body.name" in str(bad.value) and "body.percentOff" in str(bad.value)
    with pytest.raises(stigg.ConflictError):
        rest_env.stigg.v1.coupons.create(**{**PERCENT, "id": "coupon-vip"})
    with pytest.raises(stigg.NotFoundError):
        rest_env.stigg.v1.coupons.archive_coupon("nope")
    with pytest.raises(stigg.NotFoundError):
        rest_env.stigg.v1.coupons.update_coupon("nope", name="x")
