"""What new users ask support: tickets imported from a CSV, kept for the first days of an
account, and matched to the scenario steps they are about."""
