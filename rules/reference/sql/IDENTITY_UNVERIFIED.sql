-- 身份待核实: members whose ID cannot be normalised, or whom no hukou record links to with an
-- auto decision (a hukou link awaiting review does not verify an identity). The evidence
-- reads Chinese first, then English after ' / '.
SELECT m.household_id, 'members' AS source, CAST(m.member_no AS VARCHAR) AS record_id, m.member_no,
       NULL AS method, NULL AS score, NULL AS decision, NULL AS record_date, NULL AS amount,
       m.member_no AS item, NULL AS kind,
       concat_ws(' / ',
           concat_ws('；', '身份证号：' || coalesce(z.label_zh, i.id_problem),
               CASE WHEN NOT coalesce(h.verified, false) THEN
                   CASE WHEN h.verified IS NULL THEN '无户籍记录关联' ELSE '户籍关联仅待复核' END END),
           concat_ws('; ', 'ID: ' || i.id_problem, CASE WHEN NOT coalesce(h.verified, false) THEN
               CASE WHEN h.verified IS NULL THEN 'no hukou record linked'
                    ELSE 'hukou link awaiting review only' END END)) AS contribution, NULL AS detail
FROM {{ members }} m
LEFT JOIN {{ member_ids }} i ON i.household_id = m.household_id AND i.member_no = m.member_no
LEFT JOIN {{ id_problem_labels }} z ON z.id_problem = i.id_problem
LEFT JOIN (SELECT household_id, member_no, bool_or(decision = 'auto') AS verified
           FROM {{ links hukou }} GROUP BY household_id, member_no) h
       ON h.household_id = m.household_id AND h.member_no = m.member_no
WHERE i.id_problem IS NOT NULL OR NOT coalesce(h.verified, false)
