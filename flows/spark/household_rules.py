"""The rules stage on Spark: households partitioned by ``household_id``, judged by ``rules.evaluate``.

Every table the rules read goes to the partition of the household it belongs
to: the household, its members, their ``member_ids`` and ``links`` by their
own ``household_id``, and each agency record by the households its links
name (a record linked to two households travels to both). Spark does the
shuffles (the records' join to their links, one repartition by household);
each partition builds those tables in an in-memory DuckDB with the
warehouse's own column types and runs ``rules.evaluate``, the code the local
engine runs. What must stay global is computed once on the driver and shipped
with the function: the rule set (loaded and checked there) and the file's
latest ``hr`` period. The outputs come back as Arrow IPC and are stored in the
warehouse in a fixed order, so cases and reports run unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import duckdb
import pyarrow as pa

import rules
from flows.spark.blobs import BLOB_SCHEMA, arrow_frame, collected, part_tables, to_blobs

REGISTER = ("stg_households", "stg_members", "member_ids", "links")
"""The tables that carry their household's key themselves."""
HOUSEHOLD, TABLE, PROBLEMS = "_household", "_table", "_problems"
Schemas = dict[str, list[tuple[str, str]]]


def rule_tables(con: duckdb.DuckDBPyConnection, sources: list[str]) -> Schemas:
    """The tables the rules read, each with its columns and their DuckDB types as the warehouse holds them."""
    names = [*REGISTER, *(f"stg_{source}" for source in sources)]
    return {name: [(column, kind) for column, kind, *_ in con.execute(f'DESCRIBE "{name}"').fetchall()]
            for name in names}


def _tagged(frame, name: str, columns: list[tuple[str, str]], household: str):  # noqa: ANN001, ANN202 - Spark
    """``frame``'s rows with their household (``_household``), their table and its columns prefixed ``<table>__``."""
    from pyspark.sql import functions as F

    return frame.select(F.col(household).alias(HOUSEHOLD), F.lit(name).alias(TABLE),
                        *(F.col(column).alias(f"{name}__{column}") for column, _ in columns))


def households_frame(spark, con: duckdb.DuckDBPyConnection, schemas: Schemas):  # noqa: ANN001, ANN201 - Spark
    """One DataFrame of every table's rows, each row keyed by the household it is judged with."""
    frames = {name: arrow_frame(spark, con.sql(f'SELECT * FROM "{name}"').to_arrow_table())
              for name in schemas if con.execute(f'SELECT count(*) FROM "{name}"').fetchall()[0][0]}
    tagged = [_tagged(frames[name], name, schemas[name], "household_id") for name in REGISTER if name in frames]
    links = frames.get("links")
    for name in (n for n in schemas if n not in REGISTER and n in frames and links is not None):
        owners = (links.where(links.source == name.removeprefix("stg_"))
                  .select("record_id", links.household_id.alias(HOUSEHOLD)))
        tagged.append(_tagged(frames[name].join(owners, "record_id"), name, schemas[name], HOUSEHOLD))
    union = tagged[0]
    for frame in tagged[1:]:
        union = union.unionByName(frame, allowMissingColumns=True)
    return union


def _partition_tables(con: duckdb.DuckDBPyConnection, rows: pa.Table, schemas: Schemas) -> None:
    """The partition's tables under their warehouse names and types (an agency record once,
    however many of the partition's links name it)."""
    con.register("_partition", rows)
    for name, columns in schemas.items():
        if f"{name}__{columns[0][0]}" not in rows.schema.names:  # no rows anywhere in the file
            declared = ", ".join(f'"{column}" {kind}' for column, kind in columns)
            con.execute(f'CREATE TABLE "{name}" ({declared})')
            continue
        select = ", ".join(f'CAST("{name}__{column}" AS {kind}) AS "{column}"' for column, kind in columns)
        distinct = "" if name in REGISTER else "DISTINCT "
        con.execute(f'CREATE TABLE "{name}" AS SELECT {distinct}{select} FROM _partition WHERE {TABLE} = ?', [name])
    con.unregister("_partition")


def judge_partitions(rule_set: rules.RuleSet, as_of: date, sources: list[str], latest_hr_period: str | None,
                     schemas: Schemas) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """A ``mapInArrow`` function judging each whole partition's households with ``rules.evaluate``."""
    def judge(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        gathered = list(batches)
        if not sum(batch.num_rows for batch in gathered):
            return
        con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
        try:
            _partition_tables(con, pa.Table.from_batches(gathered), schemas)
            rules.evaluate(con, rule_set, as_of, sources, latest_hr_period)
        except rules.RuleSetError as error:  # the rule set's SQL names what is not there: the driver raises it
            yield from to_blobs(PROBLEMS, pa.table({"problem": pa.array(error.problems, pa.string())}))
            return
        for name in rules.OUTPUTS:
            yield from to_blobs(name, con.sql(f"SELECT * FROM {name}").to_arrow_table())
        con.close()
    return judge


def store_outputs(con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, bytes]]) -> None:
    """The partitions' outputs as the warehouse's ``flags``, ``evidence``, … (sorted; the skipped
    rules, the same in every partition, once and in rule order)."""
    problems = [p for table in part_tables(pairs, PROBLEMS) for p in table.column("problem").to_pylist()]
    if problems:
        raise rules.RuleSetError(list(dict.fromkeys(problems)))
    for name, columns in rules.OUTPUTS.items():
        con.execute(f"CREATE OR REPLACE TABLE {name} ({columns})")
        pieces = part_tables(pairs, name)
        if name == "skipped_rules":
            pieces, order = pieces[:1], ""
        else:
            order = " ORDER BY ALL"
        if pieces:
            con.register("_judged", pa.concat_tables(pieces))
            con.execute(f"INSERT INTO {name} SELECT * FROM _judged{order}")
            con.unregister("_judged")


def judge_on_spark(spark, con: duckdb.DuckDBPyConnection, rule_set: rules.RuleSet,  # noqa: ANN001 - a SparkSession
                   as_of: date, sources: list[str]) -> rules.RuleSummary:
    """Evaluate ``rule_set`` over the warehouse's households on Spark; the same tables as ``rules.evaluate``.

    A register with no households is judged on the driver (there is nothing to distribute).
    """
    if not con.execute("SELECT count(*) FROM stg_households").fetchall()[0][0]:
        return rules.evaluate(con, rule_set, as_of, sources)
    latest = rules.latest_hr_period(con) if "hr" in sources else None
    schemas = rule_tables(con, sources)
    blobs = (households_frame(spark, con, schemas).repartition(HOUSEHOLD)
             .mapInArrow(judge_partitions(rule_set, as_of, sources, latest, schemas), BLOB_SCHEMA)
             .toArrow())
    store_outputs(con, collected(blobs))
    return rules.summarize(con, rule_set.version, as_of)
