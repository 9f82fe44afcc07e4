"""castwire's Scrapy commands (``COMMANDS_MODULE``): each replaces Scrapy's command of its name."""
