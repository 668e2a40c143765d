from django.urls import register_converter

from .converters import CodeConverter, ISO3Converter

# Registered before any URL module of the app is imported (they are submodules of this one).
register_converter(ISO3Converter, "iso3")
register_converter(CodeConverter, "code")
