"""The load stage.

Content files as YAML with positions, validated into typed models, checked across files (every
problem at once), and parsed files kept between builds.
"""
