"""What the bot keeps about people and servers: /privacy, data exports and deletion, retention, server purges."""
