"""The SDK's serializer with its three slow steps made quick: the same JSON, in a fraction of the time.

Measured on a warm turn (bench/run.py), ask-sdk-core's DefaultSerializer took most of the time a
turn costs: it imports each model class by name again for every object it reads, parses every
timestamp with dateutil, and rebuilds each model's attribute map for every object it writes.
This subclass keeps the SDK's own algorithm and overrides only those steps:

- a class name resolves once (the SDK's own lookup, cached), and a model class's attribute map
  is completed once, not for every object read;
- an ISO 8601 timestamp (what Alexa sends) is read by the standard library; anything else still
  goes to the SDK's dateutil path;
- a model class's (attribute, key) pairs are worked out once.

tests/test_serial.py checks, over whole conversations, that both give the same JSON, key order included.
"""
from __future__ import annotations

import decimal
from datetime import date, datetime
from enum import Enum
from functools import lru_cache

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer

_PLAIN = (str, int, float, bytes)  # bool is an int
_PAIRS: dict[type, tuple] = {}


def _pairs(kind: type) -> tuple:
    found = _PAIRS.get(kind)
    if found is None:
        names = getattr(kind, "attribute_map", None) or {}
        found = _PAIRS[kind] = tuple((attr, names.get(attr, attr)) for attr in kind.deserialized_types)
    return found


_FIELDS: dict[type, tuple] = {}


def _fields(kind: type) -> tuple:
    """((attribute, key), ...) and the set of keys: the attribute map the SDK completes on every read."""
    found = _FIELDS.get(kind)
    if found is None:
        names = getattr(kind, "attribute_map", {})
        names.update({k: k for k in kind.deserialized_types if k not in names})  # as the SDK does, once
        found = _FIELDS[kind] = (tuple(names.items()), frozenset(names.values()))
    return found


class Serializer(DefaultSerializer):
    def serialize(self, obj):
        if obj is None or isinstance(obj, _PLAIN):
            return obj
        kind = type(obj)
        if kind is dict:
            return {key: self.serialize(value) for key, value in obj.items()}
        if kind is list:
            return [self.serialize(item) for item in obj]
        if isinstance(obj, (tuple, datetime, date, Enum, decimal.Decimal)) or not hasattr(kind, "deserialized_types"):
            return super().serialize(obj)
        out = {}
        for attr, key in _pairs(kind):
            value = getattr(obj, attr)
            if value is not None:
                out[key] = self.serialize(value)
        return out

    # the SDK calls these as self.__name (name-mangled): these names override them

    def _DefaultSerializer__deserialize_model(self, payload, obj_type):
        try:
            if issubclass(obj_type, Enum):
                return obj_type(payload)
            if not hasattr(obj_type, "deserialized_types"):
                return payload
            if hasattr(obj_type, "get_real_child_model"):
                obj_type = self._DefaultSerializer__get_obj_by_discriminator(payload, obj_type)
            fields, keys = _fields(obj_type)
            model = obj_type()
            for attr, key in fields:
                if key in payload:
                    setattr(model, attr, self._DefaultSerializer__deserialize(payload[key], obj_type.deserialized_types[attr]))
            for extra in [param for param in payload if param not in keys]:
                setattr(model, extra, payload[extra])
            return model
        except Exception as exc:
            raise SerializationException(str(exc))

    def _DefaultSerializer__load_class_from_name(self, class_name):
        return _resolve(class_name)

    def _DefaultSerializer__deserialize_datetime(self, payload, obj_type):
        if isinstance(payload, str):
            try:
                parsed = datetime.fromisoformat(payload[:-1] + "+00:00" if payload.endswith("Z") else payload)
            except ValueError:
                parsed = None
            if parsed is not None:
                return parsed.date() if obj_type is date else parsed
        return DefaultSerializer._DefaultSerializer__deserialize_datetime(self, payload, obj_type)


@lru_cache(maxsize=512)  # the names are the SDK's own model types: a bounded set
def _resolve(class_name: str):
    return DefaultSerializer._DefaultSerializer__load_class_from_name(_SDK, class_name)


_SDK = DefaultSerializer()
