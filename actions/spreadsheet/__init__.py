"""What every spreadsheet the product writes and reads back agrees on: the columns and safe cells."""
