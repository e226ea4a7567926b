"""Importing spreadsheets: revised plan versions and offline response updates.

- ``reader``: .xlsx / .csv bytes → rows of named cells, with the spreadsheet's own row numbers.
- ``problems``: row/column-named errors and warnings.
- ``plan_import``: validate → preview (diff against the plan) → apply in one transaction.
- ``response_import``: the board workbook (or its CSV) back, as progress updates.
- ``uploads``: the uploaded file kept between preview and confirm, keyed by a random token.

The management commands, the admin pages and the HR lead's upload page all call the
same keyword-only service functions.
"""
