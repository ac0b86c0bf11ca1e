-- 金融资产超标: every positive balance of the members, with the household's per-capita
-- limit dibao × asset_months.
SELECT {{ link_columns }}, r.as_of AS record_date, r.balance AS amount, NULL AS item, NULL AS kind,
       CAST(r.balance AS VARCHAR) AS contribution, concat_ws(' ', r.institution, r.product_type) AS detail,
       d.number * m.number AS per_capita_limit
FROM {{ records bank }}
JOIN {{ number dibao }} d ON d.household_id = l.household_id
JOIN {{ number asset_months }} m ON m.household_id = l.household_id
WHERE r.balance > 0
