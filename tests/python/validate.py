"""Validates OpenAPI descriptions with openapi-spec-validator.

Usage: validate.py DIR
Checks every *.json, *.yaml and *.yml file in DIR against the OpenAPI 3.0 specification:
openapi-spec-validator (its JSON Schema and the rules beyond it: path parameters,
operationIds, references, defaults), then two rules of the specification it does not check
(discriminators, and path templates that differ only in parameter names). Prints each
invalid file with its errors and exits 1 if there is any, 2 when DIR holds no description.
"""

import json
import pathlib
import re
import sys

import yaml
from openapi_spec_validator import OpenAPIV30SpecValidator
from openapi_spec_validator.validation import keywords


def _guard_property_collection():
    """Lets the validator finish on schemas that reach themselves through compositions.

    To check `required` lists under `allOf`, openapi-spec-validator (0.7.2 and later,
    0.9.0 included) collects the property names reachable from each part through
    `allOf`/`anyOf`/`oneOf`/`items`, following `$ref`s without remembering where it has
    been, so a valid cycle such as a parent listing its children in `oneOf` while each
    child's `allOf` names the parent ends in RecursionError (upstream issue #400 of
    python-openapi/openapi-spec-validator). The guard returns nothing for a schema whose
    collection is already in progress further up: its names are being collected there, so
    the result is the same set, and every other check runs unchanged.
    """
    validator = getattr(keywords, "SchemaValidator", None)
    collect = getattr(validator, "_collect_properties", None)
    if collect is None:
        return

    def guarded(self, schema):
        in_progress = self.__dict__.setdefault("_collecting", set())
        key = id(schema.read_value())
        if key in in_progress:
            return set()
        in_progress.add(key)
        try:
            return collect(self, schema)
        finally:
            in_progress.discard(key)

    validator._collect_properties = guarded


_guard_property_collection()


def load(path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    return yaml.safe_load(text)


SCHEMAS = "#/components/schemas/"


def schema_named(document, ref):
    if not isinstance(ref, str) or not ref.startswith(SCHEMAS):
        return None
    name = ref[len(SCHEMAS):].replace("~1", "/").replace("~0", "~")
    return document.get("components", {}).get("schemas", {}).get(name)


def own_properties(document, schema, seen=None):
    """Property names and required names of an object schema, through `allOf` and `$ref`."""
    seen = set() if seen is None else seen
    if "$ref" in schema:
        target = schema_named(document, schema["$ref"])
        if target is None or id(target) in seen:
            return {}, set()
        seen.add(id(target))
        return own_properties(document, target, seen)
    properties = dict(schema.get("properties", {}))
    required = set(schema.get("required", []))
    for part in schema.get("allOf", []):
        more, more_required = own_properties(document, part, seen)
        for name, value in more.items():
            properties.setdefault(name, value)
        required |= more_required
    return properties, required


def is_string_schema(document, schema):
    if "$ref" in schema:
        target = schema_named(document, schema["$ref"])
        return target is not None and is_string_schema(document, target)
    return schema.get("type") == "string"


def discriminator_errors(document):
    """The specification's rules for `discriminator` (openapi-spec-validator checks none):
    only beside `oneOf`, `anyOf` or `allOf`; with `oneOf`/`anyOf`, every variant a `$ref`
    to a schema that declares the property, as a required string; every mapping value a
    schema of the document."""
    errors = []
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        discriminator = schema.get("discriminator")
        if discriminator is None:
            continue
        at = f"components/schemas/{name}/discriminator"
        if not any(k in schema for k in ("oneOf", "anyOf", "allOf")):
            errors.append(f"at {at}: not beside oneOf, anyOf or allOf")
        tag = discriminator.get("propertyName")
        for key in ("oneOf", "anyOf"):
            for i, variant in enumerate(schema.get(key, [])):
                where = f"components/schemas/{name}/{key}/{i}"
                if "$ref" not in variant:
                    errors.append(f"at {where}: a discriminated variant is not a $ref")
                    continue
                target = schema_named(document, variant["$ref"])
                if target is None:
                    errors.append(f"at {where}: {variant['$ref']} does not exist")
                    continue
                properties, required = own_properties(document, target)
                if tag not in properties:
                    errors.append(f"at {where}: the variant has no property {tag!r}")
                elif not is_string_schema(document, properties[tag]):
                    errors.append(f"at {where}: the variant's {tag!r} is not a string")
                if tag not in required:
                    errors.append(f"at {where}: the variant does not require {tag!r}")
        for value, ref in discriminator.get("mapping", {}).items():
            if schema_named(document, ref) is None:
                errors.append(f"at {at}/mapping/{value}: {ref} is no schema of the document")
    return errors


def path_errors(document):
    """Templates that differ only in their parameters' names are one path (the
    specification forbids both; openapi-spec-validator does not check)."""
    errors = []
    shapes = {}
    for path in document.get("paths", {}):
        if path.startswith("x-"):
            continue
        shape = re.sub(r"\{[^}]*\}", "{}", path)
        if shape in shapes:
            errors.append(f"at paths/{path}: the same path as {shapes[shape]}")
        shapes.setdefault(shape, path)
    return errors


def errors_of(document):
    if not str(document.get("openapi", "")).startswith("3.0."):
        return [f"not an OpenAPI 3.0 document: openapi is {document.get('openapi')!r}"]
    found = []
    for error in OpenAPIV30SpecValidator(document).iter_errors():
        where = "/".join(str(p) for p in getattr(error, "path", ())) or "(document)"
        found.append(f"at {where}: {error.message}")
    if not found:
        found += discriminator_errors(document)
        found += path_errors(document)
    return found


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    directory = pathlib.Path(argv[1])
    paths = sorted(
        p for p in directory.iterdir() if p.suffix in (".json", ".yaml", ".yml")
    )
    if not paths:
        print(f"no descriptions in {directory}", file=sys.stderr)
        return 2
    invalid = 0
    for path in paths:
        try:
            errors = errors_of(load(path))
        except Exception as e:  # a file that does not load is invalid too
            errors = [f"{type(e).__name__}: {e}"]
        if errors:
            invalid += 1
            print(f"{path}: invalid")
            for error in errors:
                print(f"  {error}")
    print(f"{len(paths)} descriptions checked, {invalid} invalid")
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
