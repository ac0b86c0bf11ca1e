-- 成员已死亡: members linked to a civil-affairs death record or a hukou record with a death
-- status; each member counts once. A flag's trace holds the death markers of its records' sources.
SELECT {{ link_columns }}, r.event_date AS record_date, NULL AS amount, l.member_no AS item, NULL AS kind,
       'civil affairs death record' AS contribution, NULL AS detail,
       true AS uses_death_record_types, false AS uses_hukou_death_statuses
FROM {{ records civil_affairs }}
JOIN {{ list death_record_types }} d ON d.household_id = l.household_id
WHERE list_contains(d.items, r.record_type)
UNION ALL
SELECT {{ link_columns }}, NULL, NULL, l.member_no, NULL, 'hukou status ' || r.status, NULL, false, true
FROM {{ records hukou }}
JOIN {{ list hukou_death_statuses }} d ON d.household_id = l.household_id
WHERE list_contains(d.items, r.status)
