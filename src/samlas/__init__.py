"""Samlas: plan, publish and run joint events on safety and crime prevention."""
