"""The build report (kg/exporters/report.py): what was found per notice."""

from __future__ import annotations

from kg import pipeline
from kg.exporters.report import summarise

TEXT = """关于开展2011年全国“质量月”活动的通知
一、活动主题
全面加强质量管理 提高质量安全水平
二、活动内容
(一)9月1日在北京举办2011年全国“质量月”活动启动仪式。
三、要求
“质量月”活动结束后，各地应于10月31日前对活动做好总结，报送质检总局。
"""


def test_a_deadline_is_listed_apart_from_the_event_dates() -> None:
    pipeline._worker_init(str(pipeline.DEFAULT_DATA))
    result = pipeline.process_bytes(TEXT.encode("utf-8"), "deadline.txt")
    found = summarise(result.facts)["found"]
    assert found["deadlines"] == ["2011-10-31"]
    assert "2011-10-31" not in found["event_dates"]
    assert "2011-09-01" in found["event_dates"]
