"""Answering a question, ratings and times: what every asking command prints."""

from __future__ import annotations

from dlkg.terminal.messages.entry import E, Entry

ANSWERING: dict[str, Entry] = {
    # Answering (dlkg/asking.py)
    "prompt.answer": E("Your answer", "你的答案"),
    "prompt.reveal": E("Press Enter to see the answer", "按回车键查看答案"),
    "prompt.rate": E(
        "How well did you recall it? 1 Again, 2 Hard, 3 Good, 4 Easy",
        "回忆得怎么样？1 重来，2 困难，3 良好，4 简单",
        "How well did you recall it? · 回忆得怎么样？ 1 Again 重来, 2 Hard 困难, "
        "3 Good 良好, 4 Easy 简单",
    ),
    "prompt.rate.invalid": E(
        "Press 1, 2, 3 or 4.", "请按 1、2、3 或 4。", "Press 1, 2, 3 or 4. · 请按 1–4。"
    ),
    "hint.none": E("No hint for this question.", "此题没有提示。"),
    "verdict.right": E("✓ Right", "✓ 正确", "✓ Right · 正确"),
    "verdict.right.answer": E("✓ Right: {answer}", "✓ 正确：{answer}", "✓ Right · 正确: {answer}"),
    "verdict.wrong": E(
        "✗ Wrong: the answer is {answer}",
        "✗ 错误：正确答案是 {answer}",
        "✗ Wrong · 错误: the answer is · 正确答案是 {answer}",
    ),
    "answer.definition": E("Definition", "定义"),
    # Ratings and times
    "rating.1": E("Again", "重来"),
    "rating.2": E("Hard", "困难"),
    "rating.3": E("Good", "良好"),
    "rating.4": E("Easy", "简单"),
    "time.now": E("now", "现在", "now"),
    "time.minutes": E("in {n} min", "{n} 分钟后", "in {n} min"),
    "time.hours": E("in {n} h", "{n} 小时后", "in {n} h"),
    "time.days": E(("in 1 day", "in {n} days"), "{n} 天后", "in {n} days"),
}
