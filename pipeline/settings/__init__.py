"""Settings: embedded defaults, an optional cascade.yml, validated up front."""
