-- 名下有车辆: vehicles in a counted status whose type is not exempt; each plate counts once
-- (plate_no is optional: a vehicle without a plate still counts, by its record).
SELECT {{ link_columns }}, r.registered_on AS record_date, NULL AS amount, r.vehicle_type AS kind,
       coalesce(r.plate_no, 'record ' || r.record_id) AS item,
       concat_ws(' ', r.vehicle_type, r.plate_no) AS contribution, 'status ' || r.status AS detail
FROM {{ records vehicles }}
JOIN {{ list vehicle_statuses_counted }} s ON s.household_id = l.household_id
JOIN {{ list exempt_vehicle_types }} x ON x.household_id = l.household_id
WHERE list_contains(s.items, r.status) AND NOT list_contains(x.items, r.vehicle_type)
