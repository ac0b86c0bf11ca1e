-- 经营企业: roles in an enterprise of a counted status: a counted role always, a sole
-- trader's role only with registered capital above sole_trader_capital_limit.
SELECT {{ link_columns }}, NULL AS record_date, NULL AS amount, r.record_id AS item, r.role AS kind,
       concat_ws(' ', r.role, r.enterprise_name) AS contribution,
       concat_ws(' ', 'status', r.status, 'registered capital', r.registered_capital) AS detail,
       NOT list_contains(b.items, r.role) AS uses_sole_trader_roles,
       uses_sole_trader_roles AS uses_sole_trader_capital_limit,
       CASE WHEN uses_sole_trader_capital_limit THEN CAST(c.number AS DECIMAL(38, 2)) END AS capital_limit
FROM {{ records business }}
JOIN {{ list business_statuses_counted }} s ON s.household_id = l.household_id
JOIN {{ list business_roles_counted }} b ON b.household_id = l.household_id
JOIN {{ list sole_trader_roles }} t ON t.household_id = l.household_id
JOIN {{ number sole_trader_capital_limit }} c ON c.household_id = l.household_id
WHERE list_contains(s.items, r.status)
  AND (list_contains(b.items, r.role) OR (list_contains(t.items, r.role) AND r.registered_capital > c.number))
-- verdict
-- The value counts the roles held; the threshold is the capital limit when a sole trader's
-- role is among them (also beside a shareholder's role), else 0.
SELECT household_id, tier, true AS fires, CAST(count(DISTINCT item) AS VARCHAR) AS value,
       coalesce(CAST(max(capital_limit) AS VARCHAR), '0') AS threshold
FROM {{ items }} GROUP BY household_id, tier
