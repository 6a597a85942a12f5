"""How a planted value is written into a file of each kind: as an assignment or a comment in the
file's own syntax. Each renderer returns (lines, index): the lines to insert and which of them
holds the start of the value (the line a scanner must report)."""
import json
import re


def upper_snake(name):
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).upper()


def lower_snake(name):
    return upper_snake(name).lower()


def camel(name):
    parts = lower_snake(name).split("_")
    return parts[0] + "".join(p.title() for p in parts[1:])


def single(kind, name, value, rng, indent=""):
    """One line holding `value` for a file of `kind`."""
    q = json.dumps(value, ensure_ascii=False)  # a double-quoted string literal, valid in C, JS, Python, Perl, JSON
    forms = {
        "c": [f'static const char *{lower_snake(name)} = {q};', f'#define {upper_snake(name)} {q}',
              f'// {lower_snake(name)}: {value}', f'  cfg.{lower_snake(name)} = {q};'],
        "js": [f'const {camel(name)} = {q};', f'// {upper_snake(name)}={value}',
               f"{indent}{camel(name)}: '{value}',", f'process.env.{upper_snake(name)} = {q};'],
        "python": [f'{indent}{lower_snake(name)} = {q}', f'{indent}# {lower_snake(name)}: {value}',
                   f'{upper_snake(name)} = {q}', f'os.environ.setdefault("{upper_snake(name)}", {q})'],
        "perl": [f"my ${lower_snake(name)} = '{value}';", f'# {lower_snake(name)}={value}',
                 f'$ENV{{{upper_snake(name)}}} = {q};'],
        "shell": [f'export {upper_snake(name)}="{value}"', f"{upper_snake(name)}='{value}'",
                  f'# {lower_snake(name)}: {value}'],
        "yaml": [f'{indent}{lower_snake(name)}: {value}', f'{indent}{lower_snake(name)}: "{value}"',
                 f'{indent}{upper_snake(name)}: {q}', f'{indent}# {lower_snake(name)}: {value}'],
        "json": [f'{indent}"{lower_snake(name)}": {q},', f'{indent}"{camel(name)}": {q},'],
        "env": [f'{upper_snake(name)}={value}', f'{upper_snake(name)}="{value}"',
                f'export {upper_snake(name)}={value}'],
        "markdown": [f'    export {upper_snake(name)}={value}', f'`{upper_snake(name)}={value}`',
                     f'Set `{lower_snake(name)}` to {value} in the configuration.'],
        "rst": [f'    {upper_snake(name)}={value}', f'``{lower_snake(name)} = {value}``',
                f'The {lower_snake(name)} is {value} for the staging cluster.'],
    }
    forms["minjs"] = forms["js"]
    return [rng.choice(forms[kind])], 0


def splice_js(name, value):
    """A statement spliced into a minified line."""
    return f'var {camel(name)}={json.dumps(value)};'


def multiline(kind, name, lines, rng, indent=""):
    """A PEM or OpenSSH block (a list of lines) in the file's syntax."""
    escaped = json.dumps("\n".join(lines) + "\n")
    if kind == "json":
        return [f'{indent}"{lower_snake(name)}": {escaped},'], 0
    if kind == "env":
        return [f'{upper_snake(name)}={escaped}'], 0
    if kind == "python":
        return [f'{lower_snake(name)} = """{lines[0]}'] + lines[1:-1] + [f'{lines[-1]}"""'], 0
    if kind in ("js", "minjs"):
        return [f'const {camel(name)} = `{lines[0]}'] + lines[1:-1] + [f'{lines[-1]}`;'], 0
    if kind == "c":
        return ["#if 0"] + lines + ["#endif"], 1
    if kind == "perl":
        return [f"my ${lower_snake(name)} = <<'KEY';"] + lines + ["KEY"], 1
    if kind == "shell":
        return [f"cat > \"$HOME/.{lower_snake(name)}\" <<'EOF'"] + lines + ["EOF"], 1
    if kind == "yaml":
        return [f'{indent}{lower_snake(name)}: |'] + [f'{indent}  {x}' for x in lines], 1
    if kind == "markdown":
        return ["```"] + lines + ["```"], 1
    if kind == "rst":
        return ["::", ""] + [f"    {x}" for x in lines], 2
    raise ValueError(kind)


def lookalike(kind, la_kind, name, value, rng, indent=""):
    """Look-alikes in the forms they take in real files."""
    if la_kind == "git-sha":
        forms = {
            "json": [f'{indent}"sha": "{value}",', f'{indent}"commit": "{value}",'],
            "yaml": [f'{indent}revision: {value}', f'{indent}# commit {value}'],
            "env": [f'GIT_COMMIT={value}'],
            "markdown": [f'commit {value}', f'Fixed in commit {value}.'],
            "rst": [f'commit {value}'],
        }
        c = {"c": "// commit ", "js": "// commit ", "minjs": "// commit ", "python": "# commit ",
             "perl": "# commit ", "shell": "# commit "}
        return [rng.choice(forms[kind]) if kind in forms else c[kind] + value], 0
    if la_kind == "sri-hash":
        tag = (f'<script src="https://cdn.example.com/lib.min.js" integrity="{value}" '
               f'crossorigin="anonymous"></script>')
        forms = {"json": f'{indent}"integrity": "{value}",', "yaml": f'{indent}integrity: {value}',
                 "env": f'SRI_HASH={value}', "markdown": tag, "rst": "    " + tag,
                 "c": "// " + tag, "js": "// " + tag, "minjs": f"s.integrity='{value}';",
                 "python": "# " + tag, "perl": "# " + tag, "shell": "# " + tag}
        return [forms[kind]], 0
    return single(kind, name, value, rng, indent)
