"""Statistics for the publisher: readers, referrals, broadcasts and churn, as text and chart.

`figures` gathers the numbers from storage (one transaction), `texts` writes them in German,
`chart` draws the PNG, `report` puts them together for /stats and `doppelbot stats`.
"""
