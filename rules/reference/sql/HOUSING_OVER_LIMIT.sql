-- 住房超标: properties of a counted usage, each certificate once (cert_no is optional: a
-- property without one still counts, by its record); residential ones count against
-- max_residences, any other counted one fires on its own.
SELECT {{ link_columns }}, r.acquired_on AS record_date, NULL AS amount, r.usage AS kind,
       coalesce(r.cert_no, 'record ' || r.record_id) AS item,
       concat_ws(' ', r.usage, r.cert_no) AS contribution, CAST(r.area_m2 AS VARCHAR) || ' m²' AS detail,
       list_contains(h.items, r.usage) AS residential
FROM {{ records housing }}
JOIN {{ list residential_usages }} h ON h.household_id = l.household_id
JOIN {{ list non_residential_usages }} o ON o.household_id = l.household_id
WHERE list_contains(h.items, r.usage) OR list_contains(o.items, r.usage)
-- verdict
-- The value counts the distinct properties found; the threshold is max_residences.
SELECT household_id, tier, residences > limit_number OR other > 0 AS fires,
       CAST(residences + other AS VARCHAR) AS value, limit_text AS threshold
FROM (SELECT t.household_id, t.tier, p.number AS limit_number, p.text AS limit_text,
             count(DISTINCT t.item) FILTER (WHERE t.residential) AS residences,
             count(DISTINCT t.item) FILTER (WHERE NOT t.residential) AS other
      FROM {{ items }} t JOIN {{ number max_residences }} p ON p.household_id = t.household_id
      GROUP BY t.household_id, t.tier, p.number, p.text)
