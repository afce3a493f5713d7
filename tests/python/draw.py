"""Draws instances of one schema of an OpenAPI 3.0 description with hypothesis-jsonschema.

Usage: draw.py SCHEMA COUNT OUT < description.json

The description comes in as JSON on standard input. Its component schemas are turned into
JSON Schema (OpenAPI's `nullable` becomes a `null` type, integer formats become bounds,
other formats are dropped, `$ref`s point into `definitions`, and `oneOf` is read as
`anyOf`: descriptions write unions as `oneOf` although an object of one kind often also
fits an open variant, which would leave only the open kind to draw), and COUNT instances of
SCHEMA are drawn, reproducibly (derandomized), and written to OUT as one JSON array.
"""

import json
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis_jsonschema import from_schema

INT_BOUNDS = {
    "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1),
    None: (-(2**63), 2**63 - 1),
}
OPENAPI_ONLY = {"discriminator", "example", "xml", "externalDocs", "deprecated", "nullable"}


def convert(node):
    """OpenAPI 3.0 schema object -> JSON Schema (draft 7), recursively."""
    if isinstance(node, list):
        return [convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in OPENAPI_ONLY or key == "format":
            continue
        if key == "$ref" and isinstance(value, str):
            out[key] = value.replace("#/components/schemas/", "#/definitions/")
        elif key == "oneOf":
            out["anyOf"] = convert(value)
        elif key in ("properties", "definitions"):
            out[key] = {name: convert(schema) for name, schema in value.items()}
        else:
            out[key] = convert(value)
    if node.get("type") == "integer":
        low, high = INT_BOUNDS.get(node.get("format"), INT_BOUNDS[None])
        out.setdefault("minimum", low)
        out.setdefault("maximum", high)
    if node.get("nullable") is True:
        if "type" in out:
            out["type"] = [out["type"], "null"]
            if "enum" in out:
                out["enum"] = out["enum"] + [None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def main():
    name, count, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    description = json.load(sys.stdin)
    schemas = description.get("components", {}).get("schemas", {})
    root = {
        "definitions": {key: convert(value) for key, value in schemas.items()},
        "$ref": f"#/definitions/{name}",
    }
    drawn = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(from_schema(root))
    def collect(instance):
        drawn.append(instance)

    collect()
    with open(path, "w", encoding="utf-8") as out:
        json.dump(drawn, out)
    print(f"{len(drawn)} instances of {name} drawn into {path}")


if __name__ == "__main__":
    main()
