"""The analysts' reports: an analysis of the network rendered for people to read.

``graph-service report KIND`` reads the graph, runs the analysis a
:class:`~graph_service.reports.options.ReportRequest` asks for
(:func:`graph_service.services.reports.analyse`), lays its result out as tables and charts
(:func:`graph_service.reports.tables.report_of`), renders it as a terminal table, CSV, JSON,
Markdown or one self-contained HTML file (:func:`graph_service.reports.render.render`) and
writes it (:func:`graph_service.reports.output.write_report`).

Nothing is imported here, so the command line can read the options without loading the
analytics.
"""
