"""Browser test: a case officer loads an example into the simulator's form, evaluates it and reads why."""

import pytest

pytestmark = pytest.mark.browser


def test_case_officer_loads_an_example_into_the_form_and_reads_the_reasons(
        menkyo_server, logged_in_page, screenshot):
    url = menkyo_server["url"]
    page = logged_in_page("browser_officer")

    page.goto(url + "/rules/simulator/")
    page.select_option("#example", "assess_a_red_signal_and_a_minor_injury_after_one_prior_suspension_is_a_suspension")
    page.click("[data-testid=example-form] button[type=submit]")
    page.wait_for_selector("[data-testid=example-loaded]")
    assert page.input_value("input[name=as_of]") == "2026-11-22"
    assert page.input_value("select[name=ev-0-type]") == "suspension"
    assert page.input_value("input[name=ev-0-days]") == "30"
    assert page.input_value("select[name=ev-2-code]") == "signal_red"
    assert page.is_checked("input[name=ev-2-sole_fault]")

    page.click("#sim-form button[type=submit]")
    page.wait_for_selector("[data-testid=sim-result]")
    assert page.text_content("[data-testid=outcome]").strip() == "停止60日"
    trace = page.text_content("[data-testid=trace]")
    assert "信号無視（赤色等）" in trace and "道路交通法施行令 別表第二" in trace
    assert "law-rules" not in trace and "§" not in trace and "signal_red" not in trace
    # The JSON the form evaluated is kept for experts, folded away.
    assert not page.is_visible("#input")

    screenshot(page, "simulator.png")

    # A birth date after the 判定日 is reported on 生年月日 and nowhere else.
    page.fill("input[name=birth_date]", "2030-05-01")
    page.click("#sim-form button[type=submit]")
    page.wait_for_selector("[data-testid=sim-error]")
    assert page.text_content("[data-testid=error-where]") == "生年月日"
    assert page.get_attribute("input[name=birth_date]", "aria-invalid") == "true"
    assert page.locator(".sim-row.has-error[data-testid]").count() == 0
    screenshot(page, "simulator-error.png")
