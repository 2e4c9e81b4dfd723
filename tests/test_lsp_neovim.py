"""A real editor: headless Neovim opens a Markdown draft, its built-in LSP client starts
``factcheck lsp``, and the diagnostics it shows are the ones expected.

Neovim is Debian's package (scripts/setup-neovim.sh): bookworm ships 0.7, which has the LSP
client but not ``vim.lsp.start`` (0.8), so the init file uses whichever the editor has.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="needs the lsp extra (pygls)")

NVIM = shutil.which("nvim")
pytestmark = pytest.mark.skipif(
    NVIM is None, reason="nvim is not installed (scripts/setup-neovim.sh installs Debian's)"
)

INIT = """\
vim.cmd("filetype on")
local cmd = vim.fn.json_decode(os.getenv("FACTCHECK_LSP_CMD"))
local root = os.getenv("FACTCHECK_ROOT")

local function attach(args)
  local config = { name = "factcheck", cmd = cmd, root_dir = root }
  if vim.lsp.start then
    vim.lsp.start(config)  -- Neovim 0.8 and later
  else
    local id = vim.lsp.start_client(config)  -- Neovim 0.7
    vim.lsp.buf_attach_client(args.buf, id)
  end
end
vim.api.nvim_create_autocmd("FileType", { pattern = "markdown", callback = attach })

-- Wait for the server's diagnostics, write them where the test reads them, and quit.
function FactcheckDump(out)
  local shown = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(found, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, message = d.message, source = d.source,
      code = d.code or lsp.code,
      href = (lsp.codeDescription or {}).href,
      related = #(lsp.relatedInformation or {}),
    })
  end
  vim.fn.writefile({ vim.fn.json_encode({ shown = shown, diagnostics = found }) }, out)
end
"""

DRAFT = """\
# Storm toll rises

🌀 Since Sunday, Storm Maren has killed at least 18 people along the northern coast.

Power has been restored to most of the region. The storm has killed 15 people so far.
"""


def server_command() -> list[str]:
    """The venv's ``factcheck lsp``, else this interpreter running the CLI module."""
    script = Path(sys.executable).with_name("factcheck")
    if script.exists():
        return [str(script), "lsp"]
    return [sys.executable, "-m", "factcheck.cli", "lsp"]


def test_neovim_shows_the_diagnostics(tmp_path: Path) -> None:
    assert NVIM is not None
    (tmp_path / "init.lua").write_text(INIT, encoding="utf-8")
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    out = tmp_path / "diagnostics.json"
    home = tmp_path / "home"
    env = {
        **os.environ,
        "FACTCHECK_LSP_CMD": json.dumps(server_command()),
        "FACTCHECK_ROOT": str(tmp_path),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    dump = f"lua FactcheckDump({json.dumps(str(out))})"
    run = subprocess.run(
        [
            NVIM,
            "--headless",
            "-n",
            "-i",
            "NONE",
            "-u",
            "init.lua",
            "draft.md",
            "-c",
            dump,
            "-c",
            "qa!",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert out.exists(), f"nvim wrote nothing (exit {run.returncode}): {run.stderr[-2000:]}"
    result = json.loads(out.read_text(encoding="utf-8"))
    logs = "".join(p.read_text(errors="replace")[-2000:] for p in home.rglob("lsp.log"))
    assert result["shown"] is True, f"no diagnostics within 20 s; Neovim's LSP log: {logs}"
    [diagnostic] = result["diagnostics"]
    assert diagnostic["code"] == "FC101"
    assert diagnostic["source"] == "factcheck"
    assert diagnostic["severity"] == 1  # vim.diagnostic.severity.ERROR
    assert diagnostic["href"].endswith("docs/rules.md#fc101")
    assert diagnostic["related"] == 1
    assert "'at least 18' and '15'" in diagnostic["message"]
    # Neovim counts bytes: 'at least 18' starts 37 characters after the 🌀 and its space,
    # and 🌀 is 4 bytes (and 2 UTF-16 units, which is what the server must have sent).
    start = len("🌀 Since Sunday, Storm Maren has killed ".encode())
    assert (diagnostic["lnum"], diagnostic["col"]) == (2, start)
    assert (diagnostic["end_lnum"], diagnostic["end_col"]) == (2, start + len("at least 18"))
