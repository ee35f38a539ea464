"""lunr's behaviour replayed: the term automaton (and its merged nodes) and
the order in which a clause lists its terms."""

from __future__ import annotations

from generator.lunr import lunr_accepted_terms, lunr_order

# A term list on which lunr's automaton goes wrong (test_lunr_replay_finds_merged_nodes).
PHANTOM_CASE = (
    "19. 1939 1954 1963 1970 1988 1995 1997 1999 2. 2/2 2/3 2/6 2/rev.2 20. 2001 2005 2006 2007 "
    "2008/909/jha 2009 2010/17 2010/crp.7 2011 2012 2013 2014/13 2015 2016/10 2016/11 2016/12 2016/13 "
    "2016/14 2016/2 2016/3 2016/4 2016/5 2016/6 2016/7 2016/8 2016/9 2016/crp.1 2017/1939 2018 2019 "
    "2020/2 2020/3 2020/crp.5 2021/3 2021/4 2021/5 2021/6 2022/14 2022/27 2022/28 2022/3 2022/4 2022/5 "
    "2022/6 2022/7 2022/8 2022/crp.1 2022/crp.2 2022/crp.3 2022/crp.4 2022/crp.6 2022/inf/2/rev.2 "
    "2022/l.1/add.1 2022/l.1/add.2 2022/l.1/add.3 2022/l.1/add.4 2022/l.1/add.5 2022/l.1/add.6 "
    "2022/l.1/add.7 2022/l.1/add.8 2022/l.1/add.9 2022/l.10/rev.2 2022/l.2/rev.1 2022/l.3/rev.1 2022/l.4 "
    "2022/l.5 2022/l.6/rev.1 2022/l.7/rev.2 2022/l.8/rev.2 2022/l.9/rev.1 2023 2024/10 2024/17 2024/18 "
    "2024/2 2024/3 2024/4 2024/5 2024/6 2024/7 2024/8 2024/9 2024/crp.1 2024/crp.2 2024/crp.3 2024/crp.4 "
    "2024/crp.5 2024/inf/1 2025 2030 21. 22. 2225 2237 2241 2253 23. 230 2326 233 24. 2421 249 25. 26. "
    "26/3 27. 27/5 28. 29. 295 3. 3/2 3/3 30. 31. 31/1 32. 33. 34. 35. 3511 36. 37. 38. 39. 39574 4. 4/2 "
    "4/3 4/4 4/6 4/7 40. 41. 42. 43. 43718 44. 45. 46. 47. 48. 49. 5. 5/2 5/3 5/4 5/5 5/8 50. 51. 519 "
    "52. 53. 54. 55. 55/25 550 56. 57. 58. 59. 6. 6/1 6/2 6/3 60. 60/519 60/88/corr.2 61. 61/295 62. 63. "
    "64. 65% 65. 65/230 66. 66/180 67. 68. 68/186 69. 69/196 8/1 8/3 "
)


def test_lunr_replay_finds_merged_nodes() -> None:
    # Terms of this corpus (before the guard) that lunr merged into a
    # phantom: 8/1 and 8/3 lost, 8/196 accepted. Found by shrinking the
    # failing term list; kept whole so the node ids stay the same.
    terms = set(PHANTOM_CASE.split())
    accepted = lunr_accepted_terms(terms)
    assert accepted - terms == {"8/196"}
    assert terms - accepted == {"8/1", "8/3"}


def test_terms_in_the_order_lunr_expands_a_clause() -> None:
    # A term before its longer terms, the later character first; digit
    # edges are integer-like object keys, so they come last of all.
    assert sorted(["腐败案", "腐败", "腐败问题"], key=lunr_order) == ["腐败", "腐败问题", "腐败案"]
    assert sorted(["a1", "a/", "ab", "a"], key=lunr_order) == ["a", "ab", "a/", "a1"]
