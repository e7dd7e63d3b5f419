"""Reports of a run: the HTML page a person reads, the images it shows, CI outputs.

jinja2 lives in `html` alone and pillow in `images`, `embed`, `drawing` and `pixels`
alone; `views` and `step_views` turn a run record into what every report shows, and load
neither.
"""
