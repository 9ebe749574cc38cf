"""menkyo: the consolidated driver-licence administration system (運転者管理システム)."""

__version__ = "0.1.0"
