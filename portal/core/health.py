"""What `portal check` verifies: the database answers and every migration is applied."""

from __future__ import annotations

from tortoise import Tortoise


async def problems() -> list[str]:
    found: list[str] = []
    conn = Tortoise.get_connection("default")
    await conn.execute_query("SELECT 1")
    try:
        _, rows = await conn.execute_query("SELECT name FROM tortoise_migrations")
    except Exception:
        return ["数据库尚未迁移：请运行 portal migrate"]
    from pathlib import Path

    import migrations

    on_disk = {p.stem for p in Path(migrations.__file__).parent.glob("[0-9][0-9][0-9][0-9]_*.py")}
    applied = {r["name"] for r in rows}
    missing = sorted(on_disk - applied)
    if missing:
        found.append(f"有未应用的迁移：{', '.join(missing)}（请运行 portal migrate）")
    return found
